using System.Net;
using System.Net.Http.Json;
using MlOps.Modules.Pipeline.Contracts;
using MlOps.Tests.Support;

namespace MlOps.Tests.Pipeline;

/// <summary>Defines and runs pipelines over HTTP, waiting for runs the way a client polls.</summary>
internal static class PipelineApi
{
    private static readonly PipelineRunStatus[] Ended =
        [PipelineRunStatus.Succeeded, PipelineRunStatus.Failed, PipelineRunStatus.Cancelled, PipelineRunStatus.Interrupted];

    public static async Task UploadAsync(HttpClient client, string name, string file)
    {
        var response = await DatasetApi.UploadAsync(client, name, file, DatasetApi.TestFile(file));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    public static async Task<HttpResponseMessage> CreateAsync(HttpClient client, object definition) =>
        await client.PostAsJsonAsync("/api/v1/pipelines", definition, DatasetApi.Json);

    public static async Task<PipelineRunDetails> StartAsync(HttpClient client, string pipeline)
    {
        var response = await client.PostAsync($"/api/v1/pipelines/{pipeline}/runs", null);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        return await DatasetApi.ReadAsync<PipelineRunDetails>(response);
    }

    public static Task<PipelineRunDetails> WaitAsync(HttpClient client, string runId, TimeSpan? timeout = null) =>
        WaitForAsync(client, runId, run => Ended.Contains(run.Status), timeout);

    /// <summary>Polls the run until <paramref name="condition"/> holds, the way a client watches progress.</summary>
    public static Task<PipelineRunDetails> WaitForAsync(HttpClient client, string runId, Func<PipelineRunDetails, bool> condition, TimeSpan? timeout = null) =>
        Poll.UntilAsync(
            async () => (await client.GetFromJsonAsync<PipelineRunDetails>($"/api/v1/pipeline-runs/{runId}", DatasetApi.Json))!,
            condition, timeout ?? TimeSpan.FromSeconds(120), run => $"Run {runId} is still {run.Status} at progress {run.Progress:P0}.", intervalMilliseconds: 200);

    public static async Task<PipelineRunDetails> RunToEndAsync(HttpClient client, object definition, string pipeline)
    {
        var created = await CreateAsync(client, definition);
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        return await WaitAsync(client, (await StartAsync(client, pipeline)).Id);
    }
}
