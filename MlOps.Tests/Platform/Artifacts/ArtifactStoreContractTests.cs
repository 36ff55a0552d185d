using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MlOps.Modules.Platform.Artifacts;
using MlOps.Modules.Platform.Contracts;
using MlOps.Tests.Support;

namespace MlOps.Tests.Platform.Artifacts;

/// <summary>
/// What every artifact store promises, run against each provider: the file system always, S3 when a server is
/// at hand (see <see cref="S3Storage"/>). Writes of 11 MiB cross the 5 MiB part size, so S3 takes them as multipart uploads.
/// </summary>
public sealed class ArtifactStoreContractTests(S3Storage s3) : IClassFixture<S3Storage>, IDisposable
{
    private const int MultipartSize = 11 * 1024 * 1024;
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "mlops-tests", Guid.NewGuid().ToString("N"));
    private ServiceProvider? _services;

    private static string[] Available => S3Storage.SkipReason is null ? ["FileSystem", "S3"] : ["FileSystem"];

    public static TheoryData<string> Providers => new(Available);

    public static TheoryData<string, int> ProvidersAndSizes
    {
        get
        {
            var data = new TheoryData<string, int>();
            foreach (var provider in Available)
                foreach (var size in new[] { 0, 1000, MultipartSize })
                    data.Add(provider, size);
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(ProvidersAndSizes))]
    public async Task A_written_artifact_reads_back_byte_for_byte_with_its_size_and_sha256(string provider, int size)
    {
        var store = Store(provider);
        var bytes = RandomNumberGenerator.GetBytes(size);
        var path = ArtifactPath.Parse("runs/1/model.zip");

        var stored = await store.SaveAsync(path, new MemoryStream(bytes), long.MaxValue, CancellationToken.None);

        Assert.Equal(new StoredArtifact("runs/1/model.zip", size, Convert.ToHexStringLower(SHA256.HashData(bytes))), stored);
        Assert.Equal(bytes, await ReadAsync(store, path));
        Assert.Equal(stored.Sha256, await store.ComputeSha256Async(path, CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_synchronous_writer_is_stored_whole(string provider)
    {
        var store = Store(provider);
        var bytes = RandomNumberGenerator.GetBytes(MultipartSize);
        var path = ArtifactPath.Parse("batch/scores.csv");

        var stored = await store.WriteAsync(path, (stream, token) => Task.Run(() =>
        {
            for (var offset = 0; offset < bytes.Length; offset += 64 * 1024) stream.Write(bytes, offset, Math.Min(64 * 1024, bytes.Length - offset));
        }, token), CancellationToken.None);

        Assert.Equal(MultipartSize, stored.Size);
        Assert.Equal(bytes, await ReadAsync(store, path));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_write_that_fails_midway_leaves_the_earlier_artifact_and_nothing_else(string provider)
    {
        var store = Store(provider);
        var path = ArtifactPath.Parse("models/a/model.zip");
        await store.SaveAsync(path, new MemoryStream("first"u8.ToArray()), long.MaxValue, CancellationToken.None);

        var failure = await Assert.ThrowsAsync<InvalidDataException>(() => store.WriteAsync(path, async (stream, token) =>
        {
            await stream.WriteAsync(RandomNumberGenerator.GetBytes(MultipartSize), token);
            throw new InvalidDataException("the writer broke");
        }, CancellationToken.None));

        Assert.Equal("the writer broke", failure.Message);
        Assert.Equal("first"u8.ToArray(), await ReadAsync(store, path));
        Assert.Equal([new ArtifactEntry("model.zip", false, 5)], await store.ListAsync(ArtifactPath.Parse("models/a"), CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Content_over_the_limit_is_refused_and_nothing_is_stored(string provider)
    {
        var store = Store(provider);
        var path = ArtifactPath.Parse("uploads/big.bin");

        await Assert.ThrowsAsync<ArtifactTooLargeException>(() =>
            store.SaveAsync(path, new MemoryStream(new byte[MultipartSize]), 6 * 1024 * 1024, CancellationToken.None));

        Assert.Null(await store.OpenReadAsync(path, CancellationToken.None));
        Assert.Empty(await store.ListAsync(ArtifactPath.Parse("uploads"), CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_cancelled_write_stores_nothing(string provider)
    {
        var store = Store(provider);
        var path = ArtifactPath.Parse("cancelled/file.bin");
        using var cancel = new CancellationTokenSource();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.WriteAsync(path, async (stream, token) =>
        {
            await stream.WriteAsync(new byte[1000], token);
            await cancel.CancelAsync();
            token.ThrowIfCancellationRequested();
        }, cancel.Token));

        Assert.Null(await store.OpenReadAsync(path, CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_folder_lists_its_subfolders_and_files_relative_to_itself(string provider)
    {
        var store = Store(provider);
        await SaveTextAsync(store, "runs/7/model/model.zip", "12345");
        await SaveTextAsync(store, "runs/7/notes.txt", "ab");
        await SaveTextAsync(store, "runs/70/other.txt", "x");

        var entries = await store.ListAsync(ArtifactPath.Parse("runs/7"), CancellationToken.None);

        Assert.Equal([new ArtifactEntry("model", true, null), new ArtifactEntry("model/model.zip", false, 5), new ArtifactEntry("notes.txt", false, 2)], entries);
        Assert.Empty(await store.ListAsync(ArtifactPath.Parse("runs/8"), CancellationToken.None));
        Assert.Null(await store.OpenReadAsync(ArtifactPath.Parse("runs/8/model.zip"), CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Deleting_a_folder_removes_everything_under_it_and_nothing_beside_it(string provider)
    {
        var store = Store(provider);
        await SaveTextAsync(store, "jobs/1/source.csv", "a");
        await SaveTextAsync(store, "jobs/1/out/scores.csv", "b");
        await SaveTextAsync(store, "jobs/10/source.csv", "c");

        await store.DeleteTreeAsync(ArtifactPath.Parse("jobs/1"), CancellationToken.None);
        await store.DeleteTreeAsync(ArtifactPath.Parse("jobs/10/source.csv"), CancellationToken.None);
        await store.DeleteTreeAsync(ArtifactPath.Parse("jobs/never-written"), CancellationToken.None);

        Assert.DoesNotContain(await store.ListAsync(ArtifactPath.Parse("jobs"), CancellationToken.None), e => !e.IsDirectory);
    }

    public void Dispose()
    {
        _services?.Dispose();
        if (Directory.Exists(_dataDirectory)) Directory.Delete(_dataDirectory, recursive: true);
    }

    private IArtifactStore Store(string provider)
    {
        var settings = provider == "S3" ? s3.Endpoint.Settings(Guid.NewGuid().ToString("N")) : new Dictionary<string, string?>();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging();
        services.Configure<MlOpsOptions>(o => o.DataDirectory = _dataDirectory);
        services.AddArtifactStore(configuration);
        _services = services.BuildServiceProvider();
        return _services.GetRequiredService<IArtifactStore>();
    }

    private static async Task<byte[]> ReadAsync(IArtifactStore store, ArtifactPath path)
    {
        await using var stream = await store.OpenReadAsync(path, CancellationToken.None) ?? throw new FileNotFoundException(path.Value);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    private static Task SaveTextAsync(IArtifactStore store, string path, string text) =>
        store.SaveAsync(ArtifactPath.Parse(path), new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text)), long.MaxValue, CancellationToken.None);
}
