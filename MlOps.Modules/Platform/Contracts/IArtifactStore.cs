namespace MlOps.Modules.Platform.Contracts;

public sealed record StoredArtifact(string Path, long Size, string Sha256);

public sealed record ArtifactEntry(string Path, bool IsDirectory, long? Size);

/// <summary>
/// Files owned by modules (run artifacts, datasets, model files), addressed by relative paths such as
/// <c>experiments/runs/42/model.zip</c>. Writes land in a temp file first and appear whole or not at all.
/// </summary>
public interface IArtifactStore
{
    /// <exception cref="ArtifactTooLargeException">The content exceeded <paramref name="maxBytes"/>; nothing was stored.</exception>
    Task<StoredArtifact> SaveAsync(ArtifactPath path, Stream content, long maxBytes, CancellationToken cancellationToken);

    /// <summary>
    /// Stores what <paramref name="write"/> writes: into a temp file that is moved into place only when it completes,
    /// so a failed or cancelled write leaves nothing at <paramref name="path"/>, nor a half-written file.
    /// </summary>
    Task<StoredArtifact> WriteAsync(ArtifactPath path, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken);

    /// <summary>Opens an artifact for reading, or null when there is none at that path.</summary>
    Stream? OpenRead(ArtifactPath path);

    Task<string?> ComputeSha256Async(ArtifactPath path, CancellationToken cancellationToken);

    IReadOnlyList<ArtifactEntry> List(ArtifactPath directory);

    void DeleteTree(ArtifactPath directory);
}

public sealed class ArtifactTooLargeException(long maxBytes)
    : Exception($"The content is larger than the limit of {maxBytes:N0} bytes.")
{
    public long MaxBytes { get; } = maxBytes;
}
