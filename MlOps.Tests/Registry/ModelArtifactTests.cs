using System.IO.Compression;
using System.Net;
using MlOps.Modules.Platform.Contracts;
using MlOps.Modules.Registry.Contracts;

namespace MlOps.Tests.Registry;

public sealed class ModelArtifactTests(RegistryFactory factory) : IClassFixture<RegistryFactory>
{
    [Fact]
    public async Task A_registered_model_loads_verified_and_usable()
    {
        var name = NewModelName();
        await factory.RegisterAsync(name);

        var loaded = await factory.WithRegistryAsync(r => r.LoadAsync(name, ModelSelector.ForVersion(1), CancellationToken.None));

        using var client = factory.CreateAdminClient();
        var download = await client.GetByteArrayAsync($"/api/v1/models/{name}/versions/1/artifact");

        Assert.True(loaded.Succeeded);
        Assert.Equal(IrisModel.Bytes, loaded.Value!.Content.ToArray());
        Assert.Equal(IrisModel.Bytes, download);
        using var stream = loaded.Value.OpenRead();
        new Microsoft.ML.MLContext().Model.Load(stream, out var schema);
        Assert.NotNull(schema.GetColumnOrNull("PetalWidth"));
    }

    [Fact]
    public async Task A_tampered_artifact_refuses_to_load()
    {
        var name = NewModelName();
        await factory.RegisterAsync(name);
        var file = StoredFileOf(name);
        var bytes = await File.ReadAllBytesAsync(file);
        bytes[bytes.Length / 2] ^= 0xFF;
        await File.WriteAllBytesAsync(file, bytes);

        var loaded = await factory.WithRegistryAsync(r => r.LoadAsync(name, ModelSelector.ForVersion(1), CancellationToken.None));
        using var client = factory.CreateAdminClient();
        var download = await client.GetAsync($"/api/v1/models/{name}/versions/1/artifact");

        Assert.Equal(OperationError.Conflict, loaded.Error);
        Assert.Contains("has been altered", loaded.Problems["artifact"].Single());
        Assert.Equal(HttpStatusCode.Conflict, download.StatusCode);
        Assert.Contains("has been altered", await download.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_missing_artifact_refuses_to_load()
    {
        var name = NewModelName();
        await factory.RegisterAsync(name);
        File.Delete(StoredFileOf(name));

        var loaded = await factory.WithRegistryAsync(r => r.LoadAsync(name, ModelSelector.ForVersion(1), CancellationToken.None));

        Assert.Equal(OperationError.Conflict, loaded.Error);
        Assert.Contains("is missing", loaded.Problems["artifact"].Single());
    }

    public static TheoryData<string, string> UnsafeArchives => new()
    {
        { "not-a-zip", "not a valid zip" },
        { "zip-bomb", "zip bomb" },
        { "lying-header", "zip" },
        { "escaping-entry", "escapes its folder" },
        { "absolute-entry", "absolute path" },
        { "not-a-model", "does not load as an ML.NET model" },
    };

    [Theory]
    [MemberData(nameof(UnsafeArchives))]
    public async Task An_unsafe_or_unloadable_archive_is_rejected_with_nothing_stored(string kind, string reason)
    {
        var name = NewModelName();

        var result = await factory.RegisterAsync(name, artifact: Archive(kind));

        Assert.Equal(OperationError.Invalid, result.Error);
        Assert.Contains(reason, result.Problems["artifact"].Single());
        Assert.Null(await factory.WithRegistryAsync(r => r.GetModelAsync(name, CancellationToken.None)));
        var folder = Path.Combine(factory.DataDirectory, "artifacts", "registry", "models", name);
        Assert.False(Directory.Exists(folder) && Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Any());
    }

    private string StoredFileOf(string name) =>
        Directory.EnumerateFiles(Path.Combine(factory.DataDirectory, "artifacts", "registry", "models", name), "model.zip", SearchOption.AllDirectories).Single();

    private static MemoryStream Archive(string kind)
    {
        if (kind == "not-a-zip") return new MemoryStream("this is not a zip"u8.ToArray());
        if (kind == "lying-header") return WithDeclaredSizes(Archive("zip-bomb"), uncompressedSize: 1000);
        var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            switch (kind)
            {
                case "zip-bomb":
                    using (var entry = zip.CreateEntry("zeros.bin", CompressionLevel.SmallestSize).Open())
                    {
                        var zeros = new byte[1024 * 1024];
                        for (var i = 0; i < 64; i++) entry.Write(zeros);
                    }

                    break;
                case "escaping-entry":
                    WriteEntry(zip, "../../outside.txt");
                    break;
                case "absolute-entry":
                    WriteEntry(zip, "/etc/evil.txt");
                    break;
                default:
                    WriteEntry(zip, "readme.txt");
                    break;
            }
        }

        buffer.Position = 0;
        return buffer;
    }

    /// <summary>Rewrites every header's uncompressed size, as an attacker would to slip a bomb past size checks.</summary>
    private static MemoryStream WithDeclaredSizes(MemoryStream archive, uint uncompressedSize)
    {
        var bytes = archive.ToArray();
        for (var i = 0; i + 4 <= bytes.Length; i++)
        {
            var signature = BitConverter.ToUInt32(bytes, i);
            if (signature == 0x04034b50) BitConverter.TryWriteBytes(bytes.AsSpan(i + 22, 4), uncompressedSize);
            else if (signature == 0x02014b50) BitConverter.TryWriteBytes(bytes.AsSpan(i + 24, 4), uncompressedSize);
        }

        return new MemoryStream(bytes);
    }

    private static void WriteEntry(ZipArchive zip, string name)
    {
        using var writer = new StreamWriter(zip.CreateEntry(name).Open());
        writer.Write("hello");
    }

    private static string NewModelName() => $"iris-{Guid.NewGuid():N}"[..16];
}
