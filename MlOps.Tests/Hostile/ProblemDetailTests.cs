using System.Net;
using System.Text;

namespace MlOps.Tests.Hostile;

/// <summary>404, 413 and 415 answers say what to do, whichever route gives them.</summary>
[Collection(HostileCollection.Name)]
public sealed class ProblemDetailTests(HostileHost host)
{
    [Theory]
    [InlineData("/api/v1/datasets/no-such-dataset")]
    [InlineData("/api/v1/datasets/no-such-dataset/versions/1")]
    [InlineData("/api/v1/models/no-such-model")]
    [InlineData("/api/v1/pipelines/no-such-pipeline")]
    [InlineData("/api/v1/batch-jobs/no-such-job")]
    public async Task Not_found_says_what_to_check(string route)
    {
        var response = await host.Admin.GetAsync(route);

        var problem = await HostileHost.AssertProblemAsync(response, HttpStatusCode.NotFound, "");
        Assert.Contains("no", problem.Detail!, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("/api/v1/pipelines", "text/plain")]
    [InlineData("/api/v1/batch-definitions", "application/xml")]
    [InlineData("/api/v1/batch-jobs", "text/plain")]
    [InlineData("/api/v1/models/formula-labels/predict?version=1", "application/xml")]
    public async Task Unsupported_media_type_says_what_to_send(string route, string mediaType)
    {
        var response = await host.Admin.PostAsync(route, new StringContent("<x/>", Encoding.UTF8, mediaType));

        await HostileHost.AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType, "Send");
    }

    [Fact]
    public async Task Too_large_body_says_the_limit()
    {
        var response = await host.Admin.PostAsync("/api/v1/pipelines", new StringContent("{\"name\":\"" + new string('x', 2_000_000) + "\"}", Encoding.UTF8, "application/json"));

        await HostileHost.AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "");
    }
}
