using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using MlOps.Modules.Experiments.Contracts;
using MlOps.Tests.Support;

namespace MlOps.Tests.Experiments;

public sealed class SmallArtifactLimitFactory : MlOpsFactory
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Experiments:MaxArtifactBytes"] = "1024" };
}

public sealed class ExperimentsArtifactApiTests(SmallArtifactLimitFactory factory) : IClassFixture<SmallArtifactLimitFactory>
{
    private readonly HttpClient _admin = factory.CreateAdminClient();

    [Fact]
    public async Task An_uploaded_artifact_downloads_byte_for_byte_and_lists_with_its_sha256()
    {
        var run = await NewRunAsync();
        var bytes = RandomNumberGenerator.GetBytes(700);

        var put = await _admin.PutAsync($"/api/v1/runs/{run.Id}/artifacts/model/model.zip", new ByteArrayContent(bytes));

        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        var stored = (await put.Content.ReadFromJsonAsync<ArtifactInfo>(ExperimentsApi.Json))!;
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), stored.Sha256);
        Assert.Equal(700, stored.Size);
        Assert.Equal(bytes, await _admin.GetByteArrayAsync($"/api/v1/runs/{run.Id}/artifacts/model/model.zip"));
        var root = await _admin.GetFromJsonAsync<List<ArtifactInfo>>($"/api/v1/runs/{run.Id}/artifacts", ExperimentsApi.Json);
        Assert.Equal(new ArtifactInfo("model", true, null, null), Assert.Single(root!));
        var folder = await _admin.GetFromJsonAsync<List<ArtifactInfo>>($"/api/v1/runs/{run.Id}/artifacts?path=model", ExperimentsApi.Json);
        Assert.Equal(new ArtifactInfo("model/model.zip", false, 700, stored.Sha256), Assert.Single(folder!));
    }

    [Fact]
    public async Task Uploading_again_replaces_the_artifact()
    {
        var run = await NewRunAsync();
        await _admin.PutAsync($"/api/v1/runs/{run.Id}/artifacts/notes.txt", new StringContent("first"));

        await _admin.PutAsync($"/api/v1/runs/{run.Id}/artifacts/notes.txt", new StringContent("second"));

        Assert.Equal("second", await _admin.GetStringAsync($"/api/v1/runs/{run.Id}/artifacts/notes.txt"));
    }

    [Fact]
    public async Task An_artifact_over_the_size_limit_is_413_and_nothing_is_stored()
    {
        var run = await NewRunAsync();

        var put = await _admin.PutAsync($"/api/v1/runs/{run.Id}/artifacts/big.bin", new ByteArrayContent(new byte[2048]));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, put.StatusCode);
        Assert.Empty((await _admin.GetFromJsonAsync<List<ArtifactInfo>>($"/api/v1/runs/{run.Id}/artifacts", ExperimentsApi.Json))!);
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.GetAsync($"/api/v1/runs/{run.Id}/artifacts/big.bin")).StatusCode);
    }

    [Fact]
    public async Task A_streamed_artifact_over_the_size_limit_is_413()
    {
        var run = await NewRunAsync();
        var content = new StreamContent(new MemoryStream(new byte[4096]));
        content.Headers.ContentLength = null;

        var put = await _admin.PutAsync($"/api/v1/runs/{run.Id}/artifacts/streamed.bin", content);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, put.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.GetAsync($"/api/v1/runs/{run.Id}/artifacts/streamed.bin")).StatusCode);
    }

    [Theory]
    [InlineData("..%2Fescaped.txt")]
    [InlineData("a%2F..%2F..%2Fescaped.txt")]
    [InlineData("%2e%2e%2fescaped.txt")]
    [InlineData("%252e%252e%252fescaped.txt")]
    [InlineData("%25252e%25252e%25252fescaped.txt")]
    [InlineData("..%5Cescaped.txt")]
    [InlineData("folder%5Cescaped.txt")]
    [InlineData("%2Fetc%2Fescaped.txt")]
    [InlineData("C:%2Fescaped.txt")]
    public async Task Traversal_attempts_are_400_and_write_nothing(string rawPath)
    {
        var run = await NewRunAsync();

        var put = await _admin.PutAsync($"/api/v1/runs/{run.Id}/artifacts/{rawPath}", new StringContent("attack"));

        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        Assert.NotEmpty((await put.ProblemAsync()).ErrorFor("path"));
        Assert.Empty(Directory.EnumerateFiles(factory.DataDirectory, "escaped*", SearchOption.AllDirectories));
        Assert.Empty((await _admin.GetFromJsonAsync<List<ArtifactInfo>>($"/api/v1/runs/{run.Id}/artifacts", ExperimentsApi.Json))!);
    }

    [Theory]
    [InlineData("../x")]
    [InlineData("/etc")]
    [InlineData("a\\b")]
    [InlineData("%2e%2e")]
    [InlineData("a\0b")]
    public async Task Listing_outside_the_run_is_400(string path)
    {
        var run = await NewRunAsync();

        var response = await _admin.GetAsync($"/api/v1/runs/{run.Id}/artifacts?path={Uri.EscapeDataString(path)}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Downloading_through_a_traversal_path_is_400()
    {
        var run = await NewRunAsync();

        var response = await _admin.GetAsync($"/api/v1/runs/{run.Id}/artifacts/..%2F..%2Fmlops.db");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task A_file_cannot_become_a_folder()
    {
        var run = await NewRunAsync();
        await _admin.PutAsync($"/api/v1/runs/{run.Id}/artifacts/model", new StringContent("file"));

        var put = await _admin.PutAsync($"/api/v1/runs/{run.Id}/artifacts/model/inner.txt", new StringContent("x"));

        Assert.Equal(HttpStatusCode.Conflict, put.StatusCode);
    }

    [Fact]
    public async Task Missing_artifact_is_404()
    {
        var run = await NewRunAsync();

        Assert.Equal(HttpStatusCode.NotFound, (await _admin.GetAsync($"/api/v1/runs/{run.Id}/artifacts/none.txt")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.PutAsync("/api/v1/runs/987654/artifacts/a.txt", new StringContent("x"))).StatusCode);
    }

    private async Task<RunCreated> NewRunAsync() => await _admin.CreateRunAsync((await _admin.CreateExperimentAsync()).Id);
}
