using System.Security.Cryptography;

namespace MlOps.Modules.Platform.Contracts;

public sealed record StoredArtifact(string Path, long Size, string Sha256);

public sealed record ArtifactEntry(string Path, bool IsDirectory, long? Size);

/// <summary>
/// Files owned by modules (run artifacts, datasets, model files), addressed by relative paths such as
/// <c>experiments/runs/42/model.zip</c>. Writes appear whole or not at all.
/// </summary>
/// <exception cref="ArtifactStoreUnavailableException">Any member, when the store cannot be reached or refuses the call.</exception>
public interface IArtifactStore
{
    /// <summary>
    /// Stores what <paramref name="write"/> writes, hashing it on the way; a failed or cancelled write leaves
    /// nothing at <paramref name="path"/> (an earlier artifact there stays), nor anything half-written.
    /// </summary>
    Task<StoredArtifact> WriteAsync(ArtifactPath path, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken);

    /// <summary>Opens an artifact for reading (a seekable stream), or null when there is none at that path.</summary>
    Task<Stream?> OpenReadAsync(ArtifactPath path, CancellationToken cancellationToken);

    /// <summary>Everything under <paramref name="directory"/>, folders included, by path relative to it.</summary>
    Task<IReadOnlyList<ArtifactEntry>> ListAsync(ArtifactPath directory, CancellationToken cancellationToken);

    /// <summary>Deletes the artifact at <paramref name="directory"/>, or everything under it.</summary>
    Task DeleteTreeAsync(ArtifactPath directory, CancellationToken cancellationToken);
}

public static class ArtifactStoreExtensions
{
    private const int BufferSize = 81920;

    /// <exception cref="ArtifactTooLargeException">The content exceeded <paramref name="maxBytes"/>; nothing was stored.</exception>
    public static Task<StoredArtifact> SaveAsync(this IArtifactStore store, ArtifactPath path, Stream content, long maxBytes, CancellationToken cancellationToken) =>
        store.WriteAsync(path, async (target, token) =>
        {
            var buffer = new byte[BufferSize];
            long size = 0;
            int read;
            while ((read = await content.ReadAsync(buffer, token)) > 0)
            {
                size += read;
                if (size > maxBytes) throw new ArtifactTooLargeException(maxBytes);
                await target.WriteAsync(buffer.AsMemory(0, read), token);
            }
        }, cancellationToken);

    public static async Task<string?> ComputeSha256Async(this IArtifactStore store, ArtifactPath path, CancellationToken cancellationToken)
    {
        await using var stream = await store.OpenReadAsync(path, cancellationToken);
        return stream is null ? null : Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
    }
}

public sealed class ArtifactTooLargeException(long maxBytes)
    : Exception($"The content is larger than the limit of {maxBytes:N0} bytes.")
{
    public long MaxBytes { get; } = maxBytes;
}

/// <summary>The artifact store cannot be reached or refused the call; the message names the setting to check.</summary>
public sealed class ArtifactStoreUnavailableException(string message, Exception? innerException = null) : Exception(message, innerException);
