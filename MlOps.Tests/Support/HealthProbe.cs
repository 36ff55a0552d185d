namespace MlOps.Tests.Support;

/// <summary>Reads <c>/health/ready</c> as an orchestrator does: a probe, polled until it answers 200.</summary>
public static class HealthProbe
{
    /// <summary>The first 200 answer; readiness may answer 503 for the moments a busy machine takes to start the scheduler.</summary>
    public static Task<HttpResponseMessage> ReadyAsync(HttpClient client) =>
        Poll.UntilAsync(() => client.GetAsync("/health/ready"), r => r.IsSuccessStatusCode, TimeSpan.FromSeconds(30),
            r => $"/health/ready still answers {(int)r.StatusCode}: {r.Content.ReadAsStringAsync().GetAwaiter().GetResult()}");
}
