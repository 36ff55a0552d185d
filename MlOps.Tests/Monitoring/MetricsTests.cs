using System.Globalization;
using System.Net;
using static MlOps.Tests.Monitoring.MonitoringApi;

namespace MlOps.Tests.Monitoring;

[Collection(MonitoringCollection.Name)]
public sealed class MetricsTests(MonitoringFixture fixture)
{
    private const string Species = MonitoringFixture.Species;
    private static readonly string Version1 = $"model=\"{Species}\",version=\"1\"";

    [Fact]
    public async Task Metrics_count_requests_records_errors_and_latency_per_model_version_without_credentials()
    {
        using var scraper = fixture.Factory.CreateClient();
        var before = await ScrapeAsync(scraper);

        await PredictOkAsync(fixture.Admin, Species, "metrics-1", "", Adelie);
        await PredictOkAsync(fixture.Admin, Species, "metrics-2", "", Adelie, Gentoo);
        await PredictOkAsync(fixture.Admin, Species, "metrics-3", "?version=1", Gentoo);
        Assert.Equal(HttpStatusCode.BadRequest, (await PredictAsync(fixture.Admin, Species, "metrics-bad", "", BadPenguin)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PredictAsync(fixture.Admin, Species, "metrics-missing", "?version=42", Adelie)).StatusCode);
        var after = await WaitForAsync(scraper, m => Delta(before, m, $"mlops_predictions_total{{{Version1}}}") == 4
            && Delta(before, m, $"mlops_prediction_errors_total{{model=\"{Species}\",version=\"none\",status=\"404\"}}") == 1);

        Assert.Equal(3, Delta(before, after, $"mlops_prediction_requests_total{{{Version1}}}"));
        Assert.Equal(4, Delta(before, after, $"mlops_predictions_total{{{Version1}}}"));
        Assert.Equal(1, Delta(before, after, $"mlops_prediction_errors_total{{{Version1},status=\"400\"}}"));
        Assert.Equal(4, Delta(before, after, $"mlops_prediction_latency_seconds_count{{{Version1}}}"));
        Assert.Equal(4, Delta(before, after, $"mlops_prediction_latency_seconds_bucket{{{Version1},le=\"+Inf\"}}"));
        Assert.True(after.Values[$"mlops_prediction_latency_seconds_sum{{{Version1}}}"] > 0);
        Assert.True(after.Values["mlops_serving_loaded_models{state=\"Ready\"}"] >= 1);
        Assert.Equal(2, after.Values["mlops_training_runs{status=\"Succeeded\"}"]);
        Assert.Equal(0, after.Values["mlops_training_runs{status=\"Failed\"}"]);
        Assert.Equal(200_000, after.Values["mlops_monitoring_queue_capacity"]);
        Assert.Equal(0, after.Values["mlops_monitoring_dropped_total"]);
        Assert.Equal(0, after.Values["mlops_serving_prediction_events_dropped_total"]);
        Assert.Equal(4, Delta(before, after, "mlops_serving_prediction_events_total"));
        Assert.Contains("# TYPE mlops_prediction_latency_seconds histogram", after.Text);
        Assert.Contains("# TYPE mlops_prediction_requests_total counter", after.Text);
        Assert.Contains("# TYPE mlops_monitoring_queue_depth gauge", after.Text);
        Assert.True(after.Values["process_cpu_seconds_total"] > 0);
    }

    private sealed record Scrape(string Text, IReadOnlyDictionary<string, double> Values);

    private static double Delta(Scrape before, Scrape after, string series) =>
        after.Values.GetValueOrDefault(series) - before.Values.GetValueOrDefault(series);

    private static async Task<Scrape> WaitForAsync(HttpClient scraper, Func<Scrape, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var scrape = await ScrapeAsync(scraper);
            if (done(scrape) || DateTime.UtcNow > deadline) return scrape;
            await Task.Delay(100);
        }
    }

    private static async Task<Scrape> ScrapeAsync(HttpClient scraper)
    {
        var response = await scraper.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        var values = new Dictionary<string, double>();
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var space = line.LastIndexOf(' ');
            values[line[..space]] = double.Parse(line[(space + 1)..], CultureInfo.InvariantCulture);
        }

        return new Scrape(text, values);
    }
}
