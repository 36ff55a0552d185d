using System.Net;
using System.Net.Http.Json;
using System.Text;
using MlOps.Tests.Pipeline;
using MlOps.Tests.Support;

namespace MlOps.Tests.Hostile;

/// <summary>Refused work leaves no rows, files or empty folders; what a killed process left in its work folder goes at start.</summary>
[Collection(HostileCollection.Name)]
public sealed class LeftoversTests(HostileHost host)
{
    [Fact]
    public async Task Refused_registration_leaves_no_model_and_no_folder()
    {
        var created = await host.Scientist.PostAsJsonAsync("/api/v1/experiments", new { name = $"leftovers-{Guid.NewGuid():N}" });
        var experiment = (await created.Content.ReadFromJsonAsync<IdOnly>())!.Id;
        var run = (await (await host.Scientist.PostAsJsonAsync($"/api/v1/experiments/{experiment}/runs", new { })).Content.ReadFromJsonAsync<IdOnly>())!.Id;
        Assert.Equal(HttpStatusCode.Created, (await host.Scientist.PutAsync($"/api/v1/runs/{run}/artifacts/model.zip", new ByteArrayContent(Encoding.UTF8.GetBytes("not a zip")))).StatusCode);

        var response = await host.Scientist.PostAsJsonAsync("/api/v1/models/refused-model/versions", new { runId = run, artifactPath = "model.zip" });

        await HostileHost.AssertProblemAsync(response, HttpStatusCode.BadRequest, "zip");
        Assert.Equal(HttpStatusCode.NotFound, (await host.Admin.GetAsync("/api/v1/models/refused-model")).StatusCode);
        Assert.DoesNotContain(host.StoredFiles(), path => path.Contains("refused-model", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Refused_upload_leaves_no_dataset_and_no_file()
    {
        var before = host.StoredFiles();

        var response = await DatasetApi.UploadAsync(host.Scientist, "refused-upload", "data.csv", Encoding.UTF8.GetBytes("a,b\n1,\"unclosed\n"));

        await HostileHost.AssertProblemAsync(response, HttpStatusCode.BadRequest, "never closes");
        Assert.Equal(HttpStatusCode.NotFound, (await host.Admin.GetAsync("/api/v1/datasets/refused-upload")).StatusCode);
        Assert.Equal(before, host.StoredFiles());
    }

    [Fact]
    public async Task Work_left_by_a_killed_process_is_swept_at_start()
    {
        var data = Path.Combine(Path.GetTempPath(), "mlops-tests", Guid.NewGuid().ToString("N"));
        var images = Directory.CreateDirectory(Path.Combine(data, "work", "run-killed", "images"));
        await File.WriteAllBytesAsync(Path.Combine(images.FullName, "000001.png"), new byte[1024]);
        var uploads = Directory.CreateDirectory(Path.Combine(data, "work", "uploads"));
        await File.WriteAllBytesAsync(Path.Combine(uploads.FullName, "ASPNETCORE_cut.tmp"), new byte[1024]);

        await using (var restarted = new MlOpsFactory { DataDirectory = data })
        {
            using var client = restarted.CreateAdminClient();
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);

            Assert.Equal([uploads.FullName], Directory.EnumerateFileSystemEntries(Path.Combine(data, "work")));
            Assert.Empty(Directory.EnumerateFileSystemEntries(uploads.FullName));
        }
    }

    private sealed record IdOnly(string Id);
}
