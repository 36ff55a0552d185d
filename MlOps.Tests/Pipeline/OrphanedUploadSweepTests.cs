using System.Net;
using Microsoft.Extensions.DependencyInjection;
using MlOps.Modules.Pipeline.Datasets.Upload;
using MlOps.Modules.Platform.Contracts;
using MlOps.Tests.Support;

namespace MlOps.Tests.Pipeline;

public sealed class OrphanedUploadSweepTests
{
    [Fact]
    public async Task Files_of_uncommitted_uploads_are_removed_at_start()
    {
        await using var factory = new MlOpsFactory();
        var orphan = Path.Combine(factory.DataDirectory, "artifacts", "datasets", "ghost", new string('0', 64));
        Directory.CreateDirectory(orphan);
        await File.WriteAllTextAsync(Path.Combine(orphan, "data.csv"), "a,b\n1,2\n");

        using var admin = factory.CreateAdminClient();

        Assert.False(Directory.Exists(orphan));
    }

    [Fact]
    public async Task Sweeping_keeps_the_files_of_committed_versions()
    {
        await using var factory = new MlOpsFactory();
        using var admin = factory.CreateAdminClient();
        await DatasetApi.UploadAsync(admin, "kept", "iris.csv", DatasetApi.TestFile("iris.csv"));
        var orphan = Path.Combine(factory.DataDirectory, "artifacts", "datasets", "kept", new string('0', 64));
        Directory.CreateDirectory(orphan);
        await File.WriteAllTextAsync(Path.Combine(orphan, "data.csv"), "a,b\n1,2\n");

        await factory.Services.GetServices<IModuleInitializer>().OfType<OrphanedUploadSweep>().Single().InitializeAsync(CancellationToken.None);

        Assert.False(Directory.Exists(orphan));
        var download = await admin.GetAsync("/api/v1/datasets/kept/versions/1/file");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(DatasetApi.TestFile("iris.csv"), await download.Content.ReadAsByteArrayAsync());
    }
}
