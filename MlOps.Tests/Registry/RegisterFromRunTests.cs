using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using MlOps.Modules.Platform.Contracts;

namespace MlOps.Tests.Registry;

public sealed class RegisterFromRunTests(RegistryFactory factory) : IClassFixture<RegistryFactory>
{
    [Fact]
    public async Task A_model_logged_by_a_run_registers_as_the_next_version_with_the_runs_metrics()
    {
        using var scientist = await factory.CreateClientWithRoleAsync(Roles.DataScientist);
        var runId = await CreateRunWithArtifactAsync(scientist, IrisModel.Bytes);
        var name = NewModelName();

        var first = await scientist.PostAsJsonAsync($"/api/v1/models/{name}/versions", new { runId, artifactPath = "model.zip" });
        var second = await scientist.PostAsJsonAsync($"/api/v1/models/{name}/versions", new { runId, artifactPath = "model.zip" });

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal($"/api/v1/models/{name}/versions/2", second.Headers.Location?.OriginalString);
        var version = await scientist.GetFromJsonAsync<JsonElement>($"/api/v1/models/{name}/versions/1");
        Assert.Equal(runId, version.GetProperty("runId").GetString());
        Assert.Equal("MulticlassClassification", version.GetProperty("task").GetString());
        Assert.Equal(0.97, version.GetProperty("metrics").GetProperty("accuracy").GetDouble());
        Assert.Contains(version.GetProperty("inputSchema").EnumerateArray(), c => c.GetProperty("name").GetString() == "PetalLength");
        Assert.Equal(IrisModel.Bytes.Length, version.GetProperty("artifact").GetProperty("size").GetInt64());
    }

    [Fact]
    public async Task A_broken_artifact_unknown_run_or_missing_file_registers_nothing()
    {
        using var scientist = await factory.CreateClientWithRoleAsync(Roles.DataScientist);
        var runId = await CreateRunWithArtifactAsync(scientist, "not a zip"u8.ToArray());
        var name = NewModelName();

        var broken = await scientist.PostAsJsonAsync($"/api/v1/models/{name}/versions", new { runId, artifactPath = "model.zip" });
        var unknownRun = await scientist.PostAsJsonAsync($"/api/v1/models/{name}/versions", new { runId = "no-such-run", artifactPath = "model.zip" });
        var missingFile = await scientist.PostAsJsonAsync($"/api/v1/models/{name}/versions", new { runId, artifactPath = "other.zip" });

        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        Assert.Contains("not a valid zip", await broken.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, unknownRun.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missingFile.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await scientist.GetAsync($"/api/v1/models/{name}")).StatusCode);
    }

    [Fact]
    public async Task An_analyst_cannot_register_a_model()
    {
        using var scientist = await factory.CreateClientWithRoleAsync(Roles.DataScientist);
        using var analyst = await factory.CreateClientWithRoleAsync(Roles.Analyst);
        var runId = await CreateRunWithArtifactAsync(scientist, IrisModel.Bytes);

        var response = await analyst.PostAsJsonAsync($"/api/v1/models/{NewModelName()}/versions", new { runId, artifactPath = "model.zip" });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    private static async Task<string> CreateRunWithArtifactAsync(HttpClient client, byte[] artifact)
    {
        var experiment = await ReadIdAsync(await client.PostAsJsonAsync("/api/v1/experiments", new { name = $"registry-{Guid.NewGuid():N}" }));
        var runId = await ReadIdAsync(await client.PostAsJsonAsync($"/api/v1/experiments/{experiment}/runs",
            new { name = "lbfgs", @params = new Dictionary<string, string> { ["task"] = "MulticlassClassification" } }));
        var logged = await client.PostAsJsonAsync($"/api/v1/runs/{runId}/log-batch", new { metrics = new[] { new { key = "accuracy", value = 0.97 } } });
        logged.EnsureSuccessStatusCode();
        using var content = new ByteArrayContent(artifact);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        var uploaded = await client.PutAsync($"/api/v1/runs/{runId}/artifacts/model.zip", content);
        Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        return runId;
    }

    private static async Task<string> ReadIdAsync(HttpResponseMessage response)
    {
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    private static string NewModelName() => $"iris-{Guid.NewGuid():N}"[..16];
}
