using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MlOps.Modules.Monitoring.Contracts;
using MlOps.Modules.Platform.Contracts;
using MlOps.Tests.Pipeline;
using static MlOps.Tests.Monitoring.MonitoringApi;

namespace MlOps.Tests.Monitoring;

[Collection(MonitoringCollection.Name)]
public sealed class TrafficApiTests(MonitoringFixture fixture)
{
    private const string Species = MonitoringFixture.Species;

    private HttpClient Admin => fixture.Admin;

    [Fact]
    public async Task Summary_counts_answered_and_failed_requests_records_and_labels_per_version()
    {
        var start = DateTime.UtcNow;
        for (var i = 0; i < 3; i++) await PredictOkAsync(Admin, Species, $"summary-{i}", "", Adelie);
        await PredictOkAsync(Admin, Species, "summary-pair", "", Adelie, Gentoo);
        Assert.Equal(HttpStatusCode.BadRequest, (await PredictAsync(Admin, Species, "summary-bad", "", BadPenguin)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PredictAsync(Admin, Species, "summary-missing", "?version=99", Adelie)).StatusCode);

        var summary = await WaitForAsync<MonitoringSummary>(Admin, $"/api/v1/monitoring/models/{Species}/summary?{Since(start)}", s => s.Requests == 6);

        Assert.Equal((6, 5, 0, 2), (summary.Requests, summary.Records, summary.Errors, summary.Rejected));
        Assert.Equal(0, summary.ErrorRate);
        Assert.Equal(new Dictionary<string, long> { ["Adelie"] = 4, ["Gentoo"] = 1 }, summary.Predictions);
        Assert.Null(summary.MeanValue);
        Assert.True(summary.LatencyMs.P50 > 0 && summary.LatencyMs.P50 <= summary.LatencyMs.P95 && summary.LatencyMs.P95 <= summary.LatencyMs.P99, $"{summary.LatencyMs}");
        var (version, unresolved) = (summary.ByVersion[0], summary.ByVersion[1]);
        Assert.Equal((1, 5L, 5L, 0L, 1L), (version.Version, version.Requests, version.Records, version.Errors, version.Rejected));
        Assert.Equal(summary.Predictions, version.Predictions);
        Assert.Equal((null, 1L, 0L, 0L, 1L), (unresolved.Version, unresolved.Requests, unresolved.Records, unresolved.Errors, unresolved.Rejected));
        Assert.Null(unresolved.ErrorRate);
        Assert.Null(unresolved.LatencyMs.P50);
    }

    [Fact]
    public async Task Logged_predictions_hold_inputs_outputs_request_ids_and_record_indexes()
    {
        var start = DateTime.UtcNow;
        await PredictOkAsync(Admin, Species, "listed", "", Adelie, Gentoo);
        var url = $"/api/v1/monitoring/models/{Species}/predictions?{Since(start)}";

        var page = await WaitForAsync<Paged<LoggedPrediction>>(Admin, url, p => p.Total == 2);

        var gentoo = page.Items.Single(p => p.Index == 1);
        Assert.Equal(("listed", 1, "production", MlOps.Tests.Support.MlOpsFactory.BootstrapActor), (gentoo.RequestId, gentoo.Version, gentoo.Alias, gentoo.Caller));
        Assert.Equal(Gentoo.Keys.Order(), gentoo.Inputs.Keys.Order());
        Assert.Equal("Biscoe", Text(gentoo.Inputs["Island"]));
        Assert.Equal(47.6, Number(gentoo.Inputs["Beak Length (mm)"]), 4);
        Assert.Equal("Gentoo", gentoo.Output.Label);
        Assert.Equal(1.0, gentoo.Output.Probabilities!.Values.Sum(), 3);
        Assert.True(gentoo.LatencyMs > 0);
        Assert.Null(gentoo.Actual);
        Assert.True(page.Items[0].At >= page.Items[1].At);

        var first = await GetAsync<Paged<LoggedPrediction>>(Admin, $"{url}&pageSize=1");
        Assert.Equal((2, 1, 1), (first.Total, first.PageSize, first.Items.Count));
        Assert.Equal(0, (await GetAsync<Paged<LoggedPrediction>>(Admin, $"{url}&version=2")).Total);
        Assert.Equal(HttpStatusCode.BadRequest, (await Admin.GetAsync($"{url}&pageSize=0")).StatusCode);
    }

    [Fact]
    public async Task A_time_series_cuts_the_window_into_buckets_with_requests_latency_and_labels_per_version()
    {
        var start = DateTime.UtcNow;
        await PredictOkAsync(Admin, Species, "series-1", "", Adelie);
        await PredictOkAsync(Admin, Species, "series-2", "", Gentoo);
        await PredictOkAsync(Admin, Species, "series-3", "?version=1", Adelie, Gentoo);
        var url = $"/api/v1/monitoring/models/{Species}/timeseries?{Since(start)}&to={start.AddMinutes(1):O}&bucket=10s";

        var series = await WaitForAsync<MonitoringTimeSeries>(Admin, url, s => s.Points.Sum(p => p.Records) == 4);

        Assert.Equal(10, series.BucketSeconds);
        // Buckets count whole seconds from the window's start rounded down to its second (the per-second totals' grain).
        var origin = start.AddTicks(-(start.Ticks % TimeSpan.TicksPerSecond));
        Assert.Equal(Enumerable.Range(0, 6).Select(i => origin.AddSeconds(10 * i)), series.Points.Select(p => p.Start));
        Assert.Equal(3, series.Points.Sum(p => p.Requests));
        var busy = series.Points.Where(p => p.Records > 0).ToList();
        Assert.Equal(2, busy.Sum(p => p.Predictions.GetValueOrDefault("Adelie")));
        Assert.All(busy, p => Assert.Equal(1, Assert.Single(p.ByVersion).Version));
        Assert.All(busy, p => Assert.NotNull(p.LatencyMs.P99));
        Assert.All(series.Points.Where(p => p.Records == 0), p => Assert.Equal((0, (double?)null), (p.Requests, p.LatencyMs.P50)));
    }

    [Fact]
    public async Task Without_a_bucket_an_hour_is_cut_into_minutes()
    {
        var start = DateTime.UtcNow.AddHours(-1);

        var series = await GetAsync<MonitoringTimeSeries>(Admin, $"/api/v1/monitoring/models/{Species}/timeseries?{Since(start)}&to={start.AddHours(1):O}");

        Assert.Equal(60, series.BucketSeconds);
        Assert.Equal(60, series.Points.Count);
    }

    [Theory]
    [InlineData("summary?from=yesterday", "from")]
    [InlineData("summary?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z", "from")]
    [InlineData("timeseries?bucket=5x", "bucket")]
    [InlineData("timeseries?bucket=1s&from=2026-01-01T00:00:00Z&to=2026-01-08T00:00:00Z", "bucket")]
    [InlineData("performance?bucket=0m", "bucket")]
    public async Task A_bad_window_or_bucket_is_a_400_naming_the_parameter(string query, string parameter)
    {
        var response = await Admin.GetAsync($"/api/v1/monitoring/models/{Species}/{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(parameter, out _), problem.ToString());
    }

    [Theory]
    [InlineData("summary")]
    [InlineData("predictions")]
    [InlineData("timeseries")]
    [InlineData("performance")]
    public async Task An_unknown_model_is_a_404(string view)
    {
        var response = await Admin.GetAsync($"/api/v1/monitoring/models/no-such-model/{view}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("no-such-model", (await DatasetApi.ReadProblemAsync(response)).Detail);
    }

    private static string Text(object? value) => ((JsonElement)value!).GetString()!;

    private static double Number(object? value) => ((JsonElement)value!).GetDouble();
}
