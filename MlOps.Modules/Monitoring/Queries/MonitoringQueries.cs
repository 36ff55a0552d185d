using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using MlOps.Modules.Monitoring.Contracts;
using MlOps.Modules.Monitoring.Data;
using MlOps.Modules.Monitoring.Log;
using MlOps.Modules.Platform.Contracts;
using MlOps.Modules.Registry.Contracts;
using MlOps.Modules.Serving.Contracts;

namespace MlOps.Modules.Monitoring.Queries;

/// <summary>
/// Reads the prediction log. Summaries and time series read the per-second totals (<see cref="Log.TrafficRollup"/>) for the
/// window's whole seconds and the rows only for its partial first and last second, so a busy day costs 86,400 totals
/// rather than millions of rows; memory stays flat either way.
/// </summary>
internal sealed class MonitoringQueries(MonitoringDbContext db, IModelRegistry registry, PredictionLogQueue queue) : IMonitoringQueries
{
    public async Task<MonitoringSummary?> GetSummaryAsync(string model, TimeWindow window, CancellationToken cancellationToken)
    {
        if (!await IsKnownAsync(model, cancellationToken)) return null;
        var (_, total, byVersion) = (await AggregateAsync(model, window, window.Length, cancellationToken)).Single();
        return total.ToSummary(model, window, byVersion);
    }

    public async Task<MonitoringTimeSeries?> GetTimeSeriesAsync(string model, TimeWindow window, TimeSpan bucket, CancellationToken cancellationToken)
    {
        if (!await IsKnownAsync(model, cancellationToken)) return null;
        var buckets = await AggregateAsync(model, window, bucket, cancellationToken);
        return new MonitoringTimeSeries(model, window.From, window.To, (int)bucket.TotalSeconds,
            buckets.Select(b => b.Total.ToPoint(b.Start, b.ByVersion)).ToList());
    }

    public async Task<ModelPerformance?> GetPerformanceAsync(string model, TimeWindow window, TimeSpan bucket, CancellationToken cancellationToken)
    {
        if (!await IsKnownAsync(model, cancellationToken)) return null;
        var aggregator = new PerformanceAggregator(window, bucket);
        var end = UnixMilliseconds.Ceiling(window.To);
        var labelled = from f in db.Feedback.AsNoTracking()
            where f.Model == model && f.PredictionAt >= window.From && f.PredictionAt < end
            join p in db.Predictions on f.PredictionId equals p.Id
            select new { f.Version, f.PredictionAt, p.Label, p.Value, f.Actual, f.ActualValue };
        await foreach (var row in labelled.AsAsyncEnumerable().WithCancellation(cancellationToken))
            aggregator.Add(row.Version, row.PredictionAt, row.Label, row.Value, row.Actual, row.ActualValue);
        return new ModelPerformance(model, window.From, window.To, (int)bucket.TotalSeconds, aggregator.Versions());
    }

    public async Task<Paged<LoggedPrediction>?> ListPredictionsAsync(string model, int? version, TimeWindow window, PageRequest page, CancellationToken cancellationToken)
    {
        if (!await IsKnownAsync(model, cancellationToken)) return null;
        var predictions = InWindow(model, window);
        if (version is { } number) predictions = predictions.Where(p => p.Version == number);
        var total = await predictions.CountAsync(cancellationToken);
        var items = await WithFeedback(predictions).Skip(page.Skip).Take(page.PageSize).ToListAsync(cancellationToken);
        return new Paged<LoggedPrediction>(items.Select(i => ToContract(i.Prediction, i.Actual)).ToList(), page.Page, page.PageSize, total);
    }

    public async IAsyncEnumerable<LoggedPrediction> ReadWindowAsync(
        string model, int version, TimeWindow window, int limit, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var rows = WithFeedback(InWindow(model, window).Where(p => p.Version == version)).Take(limit).AsAsyncEnumerable();
        await foreach (var row in rows.WithCancellation(cancellationToken)) yield return ToContract(row.Prediction, row.Actual);
    }

    public PredictionLogStatus GetLogStatus() => queue.Status();

    private async Task<IReadOnlyList<(DateTime Start, TrafficGroup Total, IReadOnlyList<VersionTraffic> ByVersion)>> AggregateAsync(
        string model, TimeWindow window, TimeSpan bucket, CancellationToken cancellationToken)
    {
        var aggregator = new TrafficAggregator(window, bucket);
        var end = UnixMilliseconds.Ceiling(window.To);
        // Whole seconds inside the window come from the per-second totals; the partial seconds at its ends from the rows.
        var firstSecond = (UnixMilliseconds.From(window.From) + 999) / 1000;
        var endSecond = UnixMilliseconds.From(end) / 1000;
        if (firstSecond < endSecond)
        {
            await AddPredictionsAsync(aggregator, model, window.From, UnixSeconds(firstSecond), cancellationToken);
            var seconds = db.TrafficSeconds.AsNoTracking().Where(t => t.Model == model && t.Second >= firstSecond && t.Second < endSecond);
            await foreach (var second in seconds.AsAsyncEnumerable().WithCancellation(cancellationToken))
                aggregator.AddSecond(UnixSeconds(second.Second), second.Version, TrafficGroup.From(second));
            await AddPredictionsAsync(aggregator, model, UnixSeconds(endSecond), end, cancellationToken);
        }
        else
        {
            await AddPredictionsAsync(aggregator, model, window.From, end, cancellationToken);
        }

        var failures = db.Failures.AsNoTracking().Where(f => f.Model == model && f.At >= window.From && f.At < end).Select(f => new { f.At, f.Version });
        await foreach (var f in failures.AsAsyncEnumerable().WithCancellation(cancellationToken)) aggregator.AddFailure(f.At, f.Version);
        return aggregator.Buckets();
    }

    private async Task AddPredictionsAsync(TrafficAggregator aggregator, string model, DateTime from, DateTime end, CancellationToken cancellationToken)
    {
        var predictions = db.Predictions.AsNoTracking().Where(p => p.Model == model && p.At >= from && p.At < end)
            .Select(p => new { p.At, p.Version, p.RecordIndex, p.Label, p.Value, p.LatencyMs });
        await foreach (var p in predictions.AsAsyncEnumerable().WithCancellation(cancellationToken))
            aggregator.AddPrediction(p.At, p.Version, p.RecordIndex == 0, p.Label, p.Value, p.LatencyMs);
    }

    private static DateTime UnixSeconds(long seconds) => UnixMilliseconds.To(seconds * 1000);

    private IQueryable<PredictionRecord> InWindow(string model, TimeWindow window)
    {
        var end = UnixMilliseconds.Ceiling(window.To);
        return db.Predictions.AsNoTracking().Where(p => p.Model == model && p.At >= window.From && p.At < end);
    }

    private IQueryable<PredictionWithFeedback> WithFeedback(IQueryable<PredictionRecord> predictions) =>
        from p in predictions
        join f in db.Feedback on p.Id equals f.PredictionId into feedback
        from f in feedback.DefaultIfEmpty()
        orderby p.At descending, p.Id descending
        select new PredictionWithFeedback(p, f == null ? null : f.Actual);

    private async Task<bool> IsKnownAsync(string model, CancellationToken cancellationToken) =>
        await registry.GetModelAsync(model, cancellationToken) is not null;

    private static LoggedPrediction ToContract(PredictionRecord p, string? actual) =>
        new(p.Id, p.At, p.Version, p.Alias, p.RequestId, p.RecordIndex, p.Caller, LogJson.ReadValues(p.Inputs),
            new Prediction(p.Label, p.Probabilities is null ? null : LogJson.ReadNumbers(p.Probabilities), p.Value), p.LatencyMs, actual);

    private sealed record PredictionWithFeedback(PredictionRecord Prediction, string? Actual);
}
