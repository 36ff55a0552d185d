using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MlOps.Tests.Experiments;
using MlOps.Tests.Support;

namespace MlOps.Tests.Platform.Artifacts;

/// <summary>A store that is misconfigured stops the start; one lost while serving turns the requests that need it into 503s, quickly.</summary>
public sealed class ArtifactStoreFailureTests
{
    private static readonly TimeSpan NoHang = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Start_up_against_a_port_where_nothing_listens_fails_naming_the_service_url_setting()
    {
        var nothing = new S3Endpoint($"http://127.0.0.1:{S3Rver.FreePort()}", S3Rver.Bucket, S3Rver.DefaultKey, S3Rver.DefaultKey);
        await using var factory = new S3HostFactory(nothing);

        var failure = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains("MlOps:Artifacts:S3:ServiceUrl", failure.Message);
    }

    [S3RverFact]
    public async Task Start_up_against_a_missing_bucket_fails_naming_the_bucket_setting()
    {
        await using var server = new S3Rver();
        await server.StartAsync();
        await using var factory = new S3HostFactory(server.Endpoint with { Bucket = "no-such-bucket" });

        var failure = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains("MlOps:Artifacts:S3:Bucket", failure.Message);
    }

    [S3RverFact]
    public async Task Start_up_with_credentials_the_bucket_refuses_fails_naming_the_credential_settings()
    {
        await using var server = new S3Rver();
        await server.StartAsync();
        await using var factory = new S3HostFactory(server.Endpoint with { AccessKey = "intruder", SecretKey = "not-the-secret" });

        var failure = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains("AWS_ACCESS_KEY_ID", failure.Message);
        Assert.Contains("MlOps:Artifacts:S3:AccessKey", failure.Message);
    }

    [S3RverFact]
    public async Task A_store_lost_while_serving_makes_readiness_and_artifact_requests_503_without_hanging()
    {
        await using var server = new S3Rver();
        await server.StartAsync();
        await using var factory = new S3HostFactory(server.Endpoint);
        using var admin = factory.CreateAdminClient();
        var runId = (await admin.CreateRunAsync((await admin.CreateExperimentAsync()).Id)).Id;
        (await admin.PutAsync($"/api/v1/runs/{runId}/artifacts/kept.txt", new StringContent("kept"))).EnsureSuccessStatusCode();

        await server.StopAsync();
        var clock = Stopwatch.StartNew();
        var ready = await admin.GetAsync("/health/ready");
        var upload = await admin.PutAsync($"/api/v1/runs/{runId}/artifacts/lost.bin", new ByteArrayContent(new byte[6 * 1024 * 1024]));
        var download = await admin.GetAsync($"/api/v1/runs/{runId}/artifacts/kept.txt");
        var elapsed = clock.Elapsed;

        Assert.True(elapsed < NoHang, $"Three requests against a lost store took {elapsed}.");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        var checks = (await ready.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("checks");
        Assert.Equal("Unhealthy", checks.GetProperty("artifacts").GetProperty("status").GetString());
        Assert.Contains("MlOps:Artifacts:S3:ServiceUrl", checks.GetProperty("artifacts").GetProperty("description").GetString());
        Assert.Equal("Healthy", checks.GetProperty("database").GetProperty("status").GetString());
        foreach (var response in new[] { upload, download })
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("MlOps:Artifacts:S3:ServiceUrl", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        }

        await server.StartAsync();
        Assert.Equal("kept", await admin.GetStringAsync($"/api/v1/runs/{runId}/artifacts/kept.txt"));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/v1/runs/{runId}/artifacts/lost.bin")).StatusCode);
        Assert.Equal(["kept.txt"], (await admin.GetFromJsonAsync<JsonElement>($"/api/v1/runs/{runId}/artifacts")).EnumerateArray().Select(a => a.GetProperty("path").GetString()));
    }

    [Fact]
    public async Task Readiness_on_the_file_system_store_reports_every_dependency_healthy()
    {
        await using var factory = new MlOpsFactory();
        using var client = factory.CreateClient();

        var ready = await HealthProbe.ReadyAsync(client);
        var body = await ready.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal("Healthy", body.GetProperty("status").GetString());
        Assert.All(new[] { "database", "artifacts", "scheduler" }, name =>
            Assert.Equal("Healthy", body.GetProperty("checks").GetProperty(name).GetProperty("status").GetString()));
    }
}
