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
internal sealed class MonitoringQueries(IDbContextFactory<MonitoringDbContext> contexts, IModelRegistry registry, PredictionLogQueue queue) : IMonitoringQueries
{
    public async Task<MonitoringSummary?> GetSummaryAsync(string model, TimeWindow window, CancellationToken cancellationToken)
    {
        if (!await IsKnownAsync(model, cancellationToken)) return null;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var (_, total, byVersion) = (await AggregateAsync(db, model, window, window.Length, cancellationToken)).Single();
        return total.ToSummary(model, window, byVersion);
    }

    public async Task<MonitoringTimeSeries?> GetTimeSeriesAsync(string model, TimeWindow window, TimeSpan bucket, CancellationToken cancellationToken)
    {
        if (!await IsKnownAsync(model, cancellationToken)) return null;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var buckets = await AggregateAsync(db, model, window, bucket, cancellationToken);
        return new MonitoringTimeSeries(model, window.From, window.To, (int)bucket.TotalSeconds,
            buckets.Select(b => b.Total.ToPoint(b.Start, b.ByVersion)).ToList());
    }

    public async Task<ModelPerformance?> GetPerformanceAsync(string model, TimeWindow window, TimeSpan bucket, CancellationToken cancellationToken)
    {
        if (!await IsKnownAsync(model, cancellationToken)) return null;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
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
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var predictions = Rows(db, model, version, Whole(window));
        var total = await CountAsync(db, model, version, window, cancellationToken);
        var items = await WithFeedback(db, predictions).Skip(page.Skip).Take(page.PageSize).ToListAsync(cancellationToken);
        return new Paged<LoggedPrediction>(items.Select(i => ToContract(i.Prediction, i.Actual)).ToList(), page.Page, page.PageSize, (int)Math.Min(total, int.MaxValue));
    }

    public async IAsyncEnumerable<LoggedPrediction> ReadWindowAsync(
        string model, int version, TimeWindow window, int limit, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = WithFeedback(db, Rows(db, model, version, Whole(window))).Take(limit).AsAsyncEnumerable();
        await foreach (var row in rows.WithCancellation(cancellationToken)) yield return ToContract(row.Prediction, row.Actual);
    }

    public PredictionLogStatus GetLogStatus() => queue.Status();

    private async Task<IReadOnlyList<(DateTime Start, TrafficGroup Total, IReadOnlyList<VersionTraffic> ByVersion)>> AggregateAsync(
        MonitoringDbContext db, string model, TimeWindow window, TimeSpan bucket, CancellationToken cancellationToken)
    {
        var aggregator = new TrafficAggregator(window, bucket);
        var cut = WindowSeconds.Of(window);
        await AddPredictionsAsync(aggregator, Rows(db, model, null, cut.Head), cancellationToken);
        await foreach (var second in Seconds(db, model, null, cut).AsAsyncEnumerable().WithCancellation(cancellationToken))
            aggregator.AddSecond(WindowSeconds.Start(second.Second), second.Version, TrafficGroup.From(second));
        await AddPredictionsAsync(aggregator, Rows(db, model, null, cut.Tail), cancellationToken);

        var end = UnixMilliseconds.Ceiling(window.To);
        var failures = db.Failures.AsNoTracking().Where(f => f.Model == model && f.At >= window.From && f.At < end).Select(f => new { f.At, f.Version, f.StatusCode });
        await foreach (var f in failures.AsAsyncEnumerable().WithCancellation(cancellationToken)) aggregator.AddFailure(f.At, f.Version, f.StatusCode);
        return aggregator.Buckets();
    }

    private static async Task AddPredictionsAsync(TrafficAggregator aggregator, IQueryable<PredictionRecord> rows, CancellationToken cancellationToken)
    {
        var predictions = rows.Select(p => new { p.At, p.Version, p.RecordIndex, p.Label, p.Value, p.LatencyMs });
        await foreach (var p in predictions.AsAsyncEnumerable().WithCancellation(cancellationToken))
            aggregator.AddPrediction(p.At, p.Version, p.RecordIndex == 0, p.Label, p.Value, p.LatencyMs);
    }

    /// <summary>Logged predictions in a window, counted from the per-second totals and the rows at its edges.</summary>
    private static async Task<long> CountAsync(MonitoringDbContext db, string model, int? version, TimeWindow window, CancellationToken cancellationToken)
    {
        var cut = WindowSeconds.Of(window);
        return await Rows(db, model, version, cut.Head).LongCountAsync(cancellationToken)
            + await Seconds(db, model, version, cut).SumAsync(t => t.Records, cancellationToken)
            + await Rows(db, model, version, cut.Tail).LongCountAsync(cancellationToken);
    }

    private static IQueryable<PredictionRecord> Rows(MonitoringDbContext db, string model, int? version, (DateTime From, DateTime End) range)
    {
        var rows = db.Predictions.AsNoTracking().Where(p => p.Model == model && p.At >= range.From && p.At < range.End);
        return version is { } number ? rows.Where(p => p.Version == number) : rows;
    }

    private static IQueryable<TrafficSecondRecord> Seconds(MonitoringDbContext db, string model, int? version, WindowSeconds cut)
    {
        var seconds = db.TrafficSeconds.AsNoTracking().Where(t => t.Model == model && t.Second >= cut.FirstSecond && t.Second < cut.EndSecond);
        return version is { } number ? seconds.Where(t => t.Version == number) : seconds;
    }

    private static (DateTime From, DateTime End) Whole(TimeWindow window) => (window.From, UnixMilliseconds.Ceiling(window.To));

    private static IQueryable<PredictionWithFeedback> WithFeedback(MonitoringDbContext db, IQueryable<PredictionRecord> predictions) =>
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
