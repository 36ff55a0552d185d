using System.Net;
using System.Net.Http.Json;
using MlOps.Tests.Support;

namespace MlOps.Tests.Serving;

public sealed class RateLimitedFactory : MlOpsFactory
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Serving:RateLimit:PermitsPerSecond"] = "3" };
}

public sealed class RateLimitTests(RateLimitedFactory factory) : IClassFixture<RateLimitedFactory>
{
    [Fact]
    public async Task Predictions_beyond_the_permits_per_second_of_a_key_are_429_with_retry_after()
    {
        using var client = factory.CreateAdminClient();

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => client.PostAsJsonAsync("/api/v1/models/none/predict", new { records = new[] { new { a = 1 } } })));

        // The burst may straddle a one-second window, so it gets 3 or 6 permits.
        var served = responses.Count(r => r.StatusCode == HttpStatusCode.NotFound);
        var limited = responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.InRange(served, 3, 6);
        Assert.Equal(10 - served, limited.Count);
        Assert.All(limited, r => Assert.True(r.Headers.RetryAfter is not null, "Retry-After is missing"));
    }

    [Fact]
    public async Task Other_routes_are_not_limited()
    {
        using var client = factory.CreateAdminClient();

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => client.GetAsync("/api/v1/serving/models")));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
    }
}
