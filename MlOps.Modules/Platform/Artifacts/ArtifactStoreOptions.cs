namespace MlOps.Modules.Platform.Artifacts;

internal enum ArtifactStoreProvider
{
    FileSystem,
    S3,
}

internal sealed class ArtifactStoreOptions
{
    public const string SectionName = "MlOps:Artifacts";

    public ArtifactStoreProvider Provider { get; set; } = ArtifactStoreProvider.FileSystem;

    public S3StoreOptions S3 { get; set; } = new();
}

/// <summary>An S3-compatible bucket (AWS S3, MinIO, Ceph RGW). Credentials fall back to the AWS SDK's chain (AWS_ACCESS_KEY_ID, ...).</summary>
internal sealed class S3StoreOptions
{
    public const string SectionName = $"{ArtifactStoreOptions.SectionName}:S3";

    /// <summary>The endpoint of a non-AWS server, e.g. <c>http://minio:9000</c>; empty for AWS, which derives it from the region.</summary>
    public string? ServiceUrl { get; set; }

    public string Bucket { get; set; } = "";

    public string Region { get; set; } = "us-east-1";

    /// <summary>MinIO and Ceph usually serve <c>host/bucket/key</c> rather than <c>bucket.host/key</c>.</summary>
    public bool ForcePathStyle { get; set; }

    public string? AccessKey { get; set; }

    public string? SecretKey { get; set; }

    /// <summary>Keys are stored under this prefix, so several installations can share a bucket.</summary>
    public string Prefix { get; set; } = "";

    /// <summary>How long one request may take before the store counts as unavailable.</summary>
    public int TimeoutSeconds { get; set; } = 30;

    /// <summary>Writes are sent in parts of this size (S3's minimum is 5); it is also what one write holds in memory.</summary>
    public int PartSizeMegabytes { get; set; } = 8;

    public string Describe() => $"bucket '{Bucket}' at {(string.IsNullOrEmpty(ServiceUrl) ? $"AWS region {Region}" : ServiceUrl)}";
}
