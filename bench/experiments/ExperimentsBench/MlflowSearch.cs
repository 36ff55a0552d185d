using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

/// <summary>MLflow's runs/search over the seeded runs, with the filter written as an MLflow user writes it.</summary>
internal static class MlflowSearch
{
    private const string Filter = "metrics.m0 > 0.9 AND params.p0 = 'LightGbm'";

    public static async Task RunAsync(HttpClient http, Settings settings, string experimentId)
    {
        Console.WriteLine();
        Console.WriteLine($"== Search through MLflow: POST /api/2.0/mlflow/runs/search over {settings.RunCount:N0} runs, max_results 50 ==");
        var body = JsonSerializer.Serialize(new { experiment_ids = new[] { experimentId }, filter = Filter, order_by = new[] { "metrics.m1 DESC" }, max_results = 50, run_view_type = "ACTIVE_ONLY" });
        var samples = new List<double>();
        var returned = 0;
        for (var i = 0; i < settings.SearchSamples + 5; i++)
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await http.PostAsync("/api/2.0/mlflow/runs/search", new StringContent(body, Encoding.UTF8, "application/json"));
            var json = await response.Content.ReadFromJsonAsync<JsonElement>();
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            response.EnsureSuccessStatusCode();
            returned = json.GetProperty("runs").GetArrayLength();
            if (i >= 5) samples.Add(elapsed);
        }

        Console.WriteLine($"filter: {Filter} | order_by: metrics.m1 DESC");
        Console.WriteLine($"  {returned} runs on the first page; search latency over {samples.Count} calls: median {Api.Median(samples):F1} ms, p95 {Api.Percentile(samples, 0.95):F1} ms (target: median <= 100 ms)");
    }
}
