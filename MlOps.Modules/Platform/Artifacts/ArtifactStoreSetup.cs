using Amazon.Runtime;
using Amazon.S3;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MlOps.Modules.Platform.Artifacts.S3;
using MlOps.Modules.Platform.Contracts;

namespace MlOps.Modules.Platform.Artifacts;

internal static class ArtifactStoreSetup
{
    /// <summary>Registers the store that <c>MlOps:Artifacts:Provider</c> names, and checks at start that it takes writes.</summary>
    public static IServiceCollection AddArtifactStore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<ArtifactStoreProbe>();
        services.AddSingleton<IModuleInitializer, ArtifactStoreStartupCheck>();
        var provider = configuration.GetSection(ArtifactStoreOptions.SectionName).Get<ArtifactStoreOptions>()?.Provider ?? ArtifactStoreProvider.FileSystem;
        if (provider == ArtifactStoreProvider.FileSystem)
        {
            services.AddSingleton<IArtifactStore, FileSystemArtifactStore>();
            return services;
        }

        services.AddOptions<S3StoreOptions>().Bind(configuration.GetSection(S3StoreOptions.SectionName))
            .Validate(o => !string.IsNullOrWhiteSpace(o.Bucket), "MlOps:Artifacts:S3:Bucket must name the bucket when MlOps:Artifacts:Provider is S3.")
            .Validate(o => string.IsNullOrEmpty(o.ServiceUrl) || Uri.TryCreate(o.ServiceUrl, UriKind.Absolute, out var url) && url.Scheme is "http" or "https",
                "MlOps:Artifacts:S3:ServiceUrl must be an http(s) URL such as http://minio:9000, or empty for AWS.")
            .Validate(o => string.IsNullOrEmpty(o.AccessKey) == string.IsNullOrEmpty(o.SecretKey), "MlOps:Artifacts:S3:AccessKey and :SecretKey go together.")
            .Validate(o => o.PartSizeMegabytes is >= 5 and <= 5120, "MlOps:Artifacts:S3:PartSizeMegabytes must be between 5 and 5120 (S3's part size limits).")
            .Validate(o => o.TimeoutSeconds > 0, "MlOps:Artifacts:S3:TimeoutSeconds must be positive.")
            .ValidateOnStart();
        services.AddSingleton<IAmazonS3>(provider => CreateClient(provider.GetRequiredService<IOptions<S3StoreOptions>>().Value));
        services.AddSingleton<S3Bucket>();
        services.AddSingleton<IArtifactStore, S3ArtifactStore>();
        return services;
    }

    private static AmazonS3Client CreateClient(S3StoreOptions options)
    {
        var config = new AmazonS3Config
        {
            ForcePathStyle = options.ForcePathStyle,
            Timeout = TimeSpan.FromSeconds(options.TimeoutSeconds),
            ConnectTimeout = TimeSpan.FromSeconds(Math.Min(options.TimeoutSeconds, 10)),
            MaxErrorRetry = 2,
            // Flexible checksums are newer than many MinIO and Ceph releases; S3 needs them only where it says so.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (string.IsNullOrEmpty(options.ServiceUrl))
        {
            config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(options.Region);
        }
        else
        {
            config.ServiceURL = options.ServiceUrl;
            config.AuthenticationRegion = options.Region;
        }

        return string.IsNullOrEmpty(options.AccessKey)
            ? new AmazonS3Client(config)
            : new AmazonS3Client(new BasicAWSCredentials(options.AccessKey, options.SecretKey), config);
    }
}
