using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MlOps.Modules.Platform.Contracts;

namespace MlOps.Modules.Platform.Artifacts.S3;

/// <summary>
/// Artifacts as objects in one S3-compatible bucket. A write streams straight to its final key: S3 shows
/// an object only once its PUT or multipart upload completes, so a failed write leaves nothing behind,
/// and the previous object under that key stays until the new one is whole.
/// </summary>
internal sealed class S3ArtifactStore(S3Bucket bucket, IOptions<S3StoreOptions> s3Options, IOptions<MlOpsOptions> options, ILogger<S3ArtifactStore> logger)
    : IArtifactStore
{
    private const int BufferSize = 81920;

    public async Task<StoredArtifact> WriteAsync(ArtifactPath path, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        var key = bucket.Key(path);
        var upload = new S3UploadStream(bucket, key, s3Options.Value.PartSizeMegabytes * 1024 * 1024, cancellationToken);
        await using var hashing = new HashingWriteStream(upload);
        try
        {
            await write(hashing, cancellationToken);
            await upload.CompleteAsync(cancellationToken);
        }
        catch
        {
            await AbandonAsync(upload, key);
            throw;
        }

        return new StoredArtifact(path.Value, hashing.Length, hashing.Sha256());
    }

    /// <summary>
    /// Reads into a local file that is deleted on close: callers (zip archives, model loaders) seek, and a
    /// whole object never sits in memory. The spool lives where the file store keeps unfinished writes, so
    /// one left by a crash is swept at the next start.
    /// </summary>
    public async Task<Stream?> OpenReadAsync(ArtifactPath path, CancellationToken cancellationToken)
    {
        using var response = await bucket.GetAsync(bucket.Key(path), cancellationToken);
        if (response is null) return null;
        var temp = FileSystemArtifactStore.TempOf(options.Value);
        Directory.CreateDirectory(temp);
        var spool = new FileStream(Path.Combine(temp, $"{Guid.NewGuid():N}.part"), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None,
            BufferSize, FileOptions.Asynchronous | FileOptions.DeleteOnClose);
        try
        {
            await response.ResponseStream.CopyToAsync(spool, BufferSize, cancellationToken);
            spool.Position = 0;
            return spool;
        }
        catch (Exception e)
        {
            await spool.DisposeAsync();
            if (e is IOException && !cancellationToken.IsCancellationRequested)
                throw new ArtifactStoreUnavailableException($"Reading {path} from the S3 artifact store ({s3Options.Value.Describe()}) broke off: {e.Message}", e);
            throw;
        }
    }

    public async Task<IReadOnlyList<ArtifactEntry>> ListAsync(ArtifactPath directory, CancellationToken cancellationToken)
    {
        var prefix = bucket.Key(directory) + "/";
        var entries = new SortedDictionary<string, ArtifactEntry>(StringComparer.Ordinal);
        await foreach (var item in bucket.ListAsync(prefix, cancellationToken))
        {
            var relative = item.Key[prefix.Length..];
            for (var slash = relative.IndexOf('/'); slash > 0; slash = relative.IndexOf('/', slash + 1))
                entries.TryAdd(relative[..slash], new ArtifactEntry(relative[..slash], true, null));
            entries[relative] = new ArtifactEntry(relative, false, item.Size);
        }

        return entries.Values.ToList();
    }

    public async Task DeleteTreeAsync(ArtifactPath directory, CancellationToken cancellationToken)
    {
        var key = bucket.Key(directory);
        await bucket.DeleteAsync(key, cancellationToken);
        await foreach (var item in bucket.ListAsync(key + "/", cancellationToken))
            await bucket.DeleteAsync(item.Key, cancellationToken);
    }

    /// <summary>The failure that stopped the write is what the caller must see; a failed abort only leaves parts the bucket's lifecycle rule removes.</summary>
    private async Task AbandonAsync(S3UploadStream upload, string key)
    {
        try
        {
            await upload.AbortAsync();
        }
        catch (ArtifactStoreUnavailableException e)
        {
            logger.LogWarning(e, "Could not abort the unfinished upload of {Key}", key);
        }
    }
}
