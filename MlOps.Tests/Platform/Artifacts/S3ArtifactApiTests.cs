using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MlOps.Modules.Platform.Artifacts;
using MlOps.Tests.Experiments;
using MlOps.Tests.Registry;
using MlOps.Tests.Support;

namespace MlOps.Tests.Platform.Artifacts;

/// <summary>A host whose artifacts live in an S3 bucket under a prefix of its own.</summary>
public sealed class S3HostFactory(S3Endpoint s3) : MlOpsFactory
{
    protected override IDictionary<string, string?> Settings => s3.Settings(Path.GetFileName(DataDirectory));
}

public sealed class S3ArtifactApiTests(S3Storage s3) : IClassFixture<S3Storage>, IAsyncLifetime
{
    private S3HostFactory _factory = null!;

    public Task InitializeAsync()
    {
        if (S3Storage.SkipReason is null) _factory = new S3HostFactory(s3.Endpoint);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (S3Storage.SkipReason is null) await _factory.DisposeAsync();
    }

    [S3Fact]
    public async Task A_run_artifact_larger_than_a_part_uploads_downloads_and_lists_with_its_sha256()
    {
        using var admin = _factory.CreateAdminClient();
        var runId = (await admin.CreateRunAsync((await admin.CreateExperimentAsync()).Id)).Id;
        var bytes = RandomNumberGenerator.GetBytes(12 * 1024 * 1024);

        var put = await admin.PutAsync($"/api/v1/runs/{runId}/artifacts/data/big.bin", new ByteArrayContent(bytes));

        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
        Assert.Equal(sha256, (await put.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sha256").GetString());
        Assert.Equal(bytes, await admin.GetByteArrayAsync($"/api/v1/runs/{runId}/artifacts/data/big.bin"));
        var listed = Assert.Single((await admin.GetFromJsonAsync<JsonElement>($"/api/v1/runs/{runId}/artifacts?path=data")).EnumerateArray());
        Assert.Equal(sha256, listed.GetProperty("sha256").GetString());
        Assert.Equal(bytes.Length, listed.GetProperty("size").GetInt64());
    }

    [S3Fact]
    public async Task A_model_registered_from_a_run_artifact_in_S3_is_read_back_verified_and_refused_once_altered_in_the_bucket()
    {
        using var admin = _factory.CreateAdminClient();
        var runId = (await admin.CreateRunAsync((await admin.CreateExperimentAsync()).Id)).Id;
        using var model = new ByteArrayContent(IrisModel.Bytes);
        model.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        (await admin.PutAsync($"/api/v1/runs/{runId}/artifacts/model.zip", model)).EnsureSuccessStatusCode();
        var name = $"iris-s3-{Guid.NewGuid():N}";

        var registered = await admin.PostAsJsonAsync($"/api/v1/models/{name}/versions", new { runId, artifactPath = "model.zip" });
        await AlterStoredModelAsync(name);
        var predicted = await admin.PostAsJsonAsync($"/api/v1/models/{name}/predict?version=1",
            new { records = new[] { new { SepalLength = 5.1f, SepalWidth = 3.5f, PetalLength = 1.4f, PetalWidth = 0.2f } } });

        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        var version = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/models/{name}/versions/1");
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(IrisModel.Bytes)), version.GetProperty("artifact").GetProperty("sha256").GetString());
        Assert.Equal(HttpStatusCode.Conflict, predicted.StatusCode);
        Assert.Contains("has been altered", await predicted.Content.ReadAsStringAsync());
    }

    [S3Fact]
    public async Task Readiness_reports_the_database_the_artifact_store_and_the_scheduler_healthy()
    {
        using var client = _factory.CreateClient();

        var ready = await HealthProbe.ReadyAsync(client);

        var body = await ready.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Healthy", body.GetProperty("status").GetString());
        var checks = body.GetProperty("checks");
        Assert.Equal(["artifacts", "database", "scheduler"], checks.EnumerateObject().Select(c => c.Name).Order());
        Assert.All(checks.EnumerateObject(), c => Assert.Equal("Healthy", c.Value.GetProperty("status").GetString()));
    }

    /// <summary>Overwrites the registered model's object behind MlOps's back, as someone with access to the bucket could.</summary>
    private async Task AlterStoredModelAsync(string model)
    {
        var s3 = _factory.Services.GetRequiredService<IAmazonS3>();
        var bucket = _factory.Services.GetRequiredService<IOptions<S3StoreOptions>>().Value;
        var listed = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket.Bucket, Prefix = $"{bucket.Prefix}/registry/models/{model}/" });
        var key = Assert.Single(listed.S3Objects).Key;
        var altered = IrisModel.Bytes.ToArray();
        altered[^1] ^= 0xFF;
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket.Bucket, Key = key, InputStream = new MemoryStream(altered), UseChunkEncoding = false });
    }
}
