using MlOps.Modules.Platform.Contracts;

namespace MlOps.Modules.Pipeline.Training.Featurization;

/// <summary>
/// ResNet-18 features of a dataset version's pictures, in archive order, stored next to the artifacts and keyed by
/// the version's content hash and the network: a search over trainers, and every later run on the same bytes,
/// featurises nothing again.
/// </summary>
internal sealed class EmbeddingCache(IArtifactStore store)
{
    /// <summary>Pictures featurised between progress reports and cancellation checks of the caller.</summary>
    private const int Chunk = 16;

    public static ArtifactPath PathOf(string contentHash) => ArtifactPath.Parse($"embeddings/{contentHash}/{ResNet18Network.Key}.bin");

    /// <param name="progress">Told how many pictures are featurised so far; not called when the cache answers.</param>
    public async Task<(float[][] Embeddings, bool Reused)> GetOrComputeAsync(
        string contentHash, IReadOnlyList<string> pictures, Func<int, Task> progress, CancellationToken cancellationToken)
    {
        var path = PathOf(contentHash);
        if (await ReadAsync(path, pictures.Count, cancellationToken) is { } cached) return (cached, true);

        var network = ResNet18Network.Shared;
        var embeddings = new float[pictures.Count][];
        for (var start = 0; start < pictures.Count; start += Chunk)
        {
            var end = Math.Min(pictures.Count, start + Chunk);
            var first = start;
            await Task.Run(() =>
            {
                for (var i = first; i < end; i++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    embeddings[i] = network.Embed(pictures[i]);
                }
            }, cancellationToken);
            await progress(end);
        }

        await store.WriteAsync(path, (stream, token) => WriteAsync(stream, embeddings, token), cancellationToken);
        return (embeddings, false);
    }

    /// <summary>Null when there is no cache entry or it does not hold one row per picture (a different archive order).</summary>
    private async Task<float[][]?> ReadAsync(ArtifactPath path, int count, CancellationToken cancellationToken)
    {
        await using var stream = await store.OpenReadAsync(path, cancellationToken);
        if (stream is null) return null;
        using var reader = new BinaryReader(stream);
        if (reader.ReadInt32() != count || reader.ReadInt32() != ResNet18Network.Dimensions) return null;
        var embeddings = new float[count][];
        var bytes = new byte[ResNet18Network.Dimensions * sizeof(float)];
        for (var i = 0; i < count; i++)
        {
            reader.BaseStream.ReadExactly(bytes);
            embeddings[i] = new float[ResNet18Network.Dimensions];
            Buffer.BlockCopy(bytes, 0, embeddings[i], 0, bytes.Length);
        }

        return embeddings;
    }

    private static async Task WriteAsync(Stream stream, float[][] embeddings, CancellationToken cancellationToken)
    {
        var header = new byte[8];
        BitConverter.TryWriteBytes(header.AsSpan(0, 4), embeddings.Length);
        BitConverter.TryWriteBytes(header.AsSpan(4, 4), ResNet18Network.Dimensions);
        await stream.WriteAsync(header, cancellationToken);
        var bytes = new byte[ResNet18Network.Dimensions * sizeof(float)];
        foreach (var embedding in embeddings)
        {
            Buffer.BlockCopy(embedding, 0, bytes, 0, bytes.Length);
            await stream.WriteAsync(bytes, cancellationToken);
        }
    }
}
