using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MlOps.Modules.Monitoring.Contracts;
using MlOps.Modules.Monitoring.Data;
using MlOps.Modules.Monitoring.Log;
using MlOps.Modules.Monitoring.Queries;
using MlOps.Modules.Platform.Contracts;
using MlOps.Modules.Serving.Contracts;
using MlOps.Tests.Support;

namespace MlOps.Tests.Monitoring;

/// <summary>Per-second totals: what summaries and time series read instead of every logged prediction.</summary>
[Collection(MonitoringCollection.Name)]
public sealed class TrafficSecondsTests(MonitoringFixture fixture)
{
    private static readonly string[] Labels = ["Adelie", "Gentoo", "Chinstrap"];

    [Fact]
    public async Task Summaries_series_and_counts_from_the_totals_match_the_logged_rows_to_the_millisecond()
    {
        // Two days back, on a whole second: no other test logs there.
        var origin = DateTime.UtcNow.Date.AddDays(-2).AddHours(3);
        var events = Enumerable.Range(0, 600).Select(i => Prediction(MonitoringFixture.Species, i, origin.AddMilliseconds(i * 19))).ToList();
        await WriteAsync(fixture.Factory, events[..250]);
        await WriteAsync(fixture.Factory, events[250..]); // its first second was begun by the first batch: the totals add up

        // Partial seconds at both ends: 0.35 s in, to 10.65 s in.
        var window = new TimeWindow(origin.AddMilliseconds(350), origin.AddMilliseconds(10_650));
        var inWindow = events.Where(e => e.At >= window.From && e.At < window.To).ToList();
        await using var scope = fixture.Factory.Services.CreateAsyncScope();
        var queries = scope.ServiceProvider.GetRequiredService<IMonitoringQueries>();

        var summary = (await queries.GetSummaryAsync(MonitoringFixture.Species, window, default))!;
        var series = (await queries.GetTimeSeriesAsync(MonitoringFixture.Species, window, TimeSpan.FromSeconds(2), default))!;
        var listed = (await queries.ListPredictionsAsync(MonitoringFixture.Species, null, window, new PageRequest(1, 10), default))!;
        var listedV2 = (await queries.ListPredictionsAsync(MonitoringFixture.Species, 2, window, new PageRequest(1, 10), default))!;

        Assert.Equal(inWindow.Count, summary.Records);
        Assert.Equal(inWindow.Count(e => e.Index == 0), summary.Requests);
        Assert.Equal(inWindow.GroupBy(e => e.Output.Label!).ToDictionary(g => g.Key, g => (long)g.Count()), summary.Predictions);
        Assert.Equal(Percentiles(inWindow), summary.LatencyMs);
        Assert.Equal([(1, inWindow.Count(e => e.Version == 1)), (2, inWindow.Count(e => e.Version == 2))],
            summary.ByVersion.Select(v => (v.Version!.Value, (int)v.Records)));
        Assert.Equal((inWindow.Count, inWindow.Count(e => e.Version == 2)), (listed.Total, listedV2.Total));
        Assert.Equal(Enumerable.Range(0, 6).Select(i => origin.AddSeconds(2 * i)), series.Points.Select(p => p.Start));
        Assert.Equal(Enumerable.Range(0, 6).Select(i => inWindow.Count(e => e.At >= origin.AddSeconds(2 * i) && e.At < origin.AddSeconds(2 * i + 2))),
            series.Points.Select(p => (int)p.Records));
    }

    [Fact]
    public async Task A_log_without_totals_is_totalled_once_at_start_up()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "mlops-tests", Guid.NewGuid().ToString("N"));
        var origin = DateTime.UtcNow.Date.AddHours(-5);
        var events = Enumerable.Range(0, 300).Select(i => Prediction("older-log", i, origin.AddMilliseconds(i * 23))).ToList();
        List<(long Second, int Version, long Records, long Answered)> written;
        await using (var before = new MlOpsFactory { DataDirectory = dataDirectory, DeleteDataOnDispose = false })
        {
            await WriteAsync(before, events);
            written = await TotalsAsync(before);
            await using var scope = before.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<MonitoringDbContext>().TrafficSeconds.ExecuteDeleteAsync();
        }

        await using var after = new MlOpsFactory { DataDirectory = dataDirectory };
        var rebuilt = await TotalsAsync(after);

        Assert.Equal(14, written.Count); // 7 seconds, 2 versions
        Assert.Equal(written, rebuilt);
        Assert.Equal(300, rebuilt.Sum(t => t.Records));
    }

    private static PredictionEvent Prediction(string model, int i, DateTime at) => new(
        model, i % 4 == 0 ? 2 : 1, "production", new Dictionary<string, object?> { ["Island"] = "Biscoe" },
        new Prediction(Labels[i % 3], null, null), TimeSpan.FromMilliseconds(0.05 + i % 37 * 0.13), "tests", $"seconds-{i / 2}", at, i % 2);

    private static async Task WriteAsync(MlOpsFactory factory, IEnumerable<PredictionEvent> events)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<PredictionLogStore>().WriteAsync([.. events.Select(LogEntry.Of)], default);
    }

    private static async Task<List<(long Second, int Version, long Records, long Answered)>> TotalsAsync(MlOpsFactory factory)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var rows = await scope.ServiceProvider.GetRequiredService<MonitoringDbContext>().TrafficSeconds.Where(t => t.Model == "older-log")
            .OrderBy(t => t.Second).ThenBy(t => t.Version).Select(t => new { t.Second, t.Version, t.Records, t.Answered }).ToListAsync();
        return rows.Select(t => (t.Second, t.Version, t.Records, t.Answered)).ToList();
    }

    private static LatencyPercentiles Percentiles(IEnumerable<PredictionEvent> events)
    {
        var histogram = new LatencyHistogram();
        foreach (var e in events) histogram.Add(e.Latency.TotalMilliseconds);
        return histogram.Percentiles();
    }
}
