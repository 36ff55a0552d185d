using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using MlOps.Modules.Experiments.Contracts;
using MlOps.Modules.Platform.Contracts;

namespace MlOps.Tests.Experiments;

/// <summary>Small helpers over the Experiments REST API so tests read as scenarios.</summary>
internal static class ExperimentsApi
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public static async Task<ExperimentSummary> CreateExperimentAsync(this HttpClient client, string? name = null)
    {
        var response = await client.PostAsJsonAsync("/api/v1/experiments", new { name = name ?? $"exp-{Guid.NewGuid():N}" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<ExperimentSummary>(Json))!;
    }

    public static async Task<RunCreated> CreateRunAsync(this HttpClient client, string experimentId, object? body = null)
    {
        var response = await client.PostAsJsonAsync($"/api/v1/experiments/{experimentId}/runs", body ?? new { });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<RunCreated>(Json))!;
    }

    public static Task<HttpResponseMessage> LogBatchAsync(this HttpClient client, string runId, object batch) =>
        client.PostAsJsonAsync($"/api/v1/runs/{runId}/log-batch", batch);

    public static async Task<RunDetails> GetRunAsync(this HttpClient client, string runId) =>
        (await client.GetFromJsonAsync<RunDetails>($"/api/v1/runs/{runId}", Json))!;

    public static async Task<Paged<RunDetails>> SearchAsync(this HttpClient client, object query)
    {
        var response = await client.PostAsJsonAsync("/api/v1/runs/search", query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<Paged<RunDetails>>(Json))!;
    }

    public static async Task<JsonElement> ProblemAsync(this HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static string ErrorFor(this JsonElement problem, string field) =>
        string.Join(" ", problem.GetProperty("errors").GetProperty(field).EnumerateArray().Select(e => e.GetString()));
}
