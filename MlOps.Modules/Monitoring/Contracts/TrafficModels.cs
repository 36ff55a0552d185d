using MlOps.Modules.Serving.Contracts;

namespace MlOps.Modules.Monitoring.Contracts;

/// <summary>A half-open stretch of time, <c>[From, To)</c>, in UTC.</summary>
public sealed record TimeWindow(DateTime From, DateTime To)
{
    public TimeSpan Length => To - From;
}

/// <summary>
/// Scoring time per record in milliseconds at the 50th, 95th and 99th percentile (nearest rank, within 1%);
/// null when no prediction was logged.
/// </summary>
public sealed record LatencyPercentiles(double? P50, double? P95, double? P99);

/// <summary>
/// One version's traffic. <see cref="Requests"/> counts predict requests (answered or failed), <see cref="Records"/>
/// the records scored (a request may hold several). A failed request is either the model's own failure
/// (<see cref="Errors"/>: a 5xx, or a 409 when the version cannot serve at all) or the caller's mistake
/// (<see cref="Rejected"/>: any other 4xx, such as a malformed record or an unknown version); the
/// <see cref="ErrorRate"/> leaves the caller's mistakes out. <see cref="Predictions"/> counts predicted labels
/// (classification); <see cref="MeanValue"/> averages predicted values (regression). A null <see cref="Version"/>
/// gathers failures that never resolved a version (unknown version or alias).
/// </summary>
public sealed record VersionTraffic(
    int? Version,
    long Requests,
    long Records,
    long Errors,
    long Rejected,
    LatencyPercentiles LatencyMs,
    IReadOnlyDictionary<string, long> Predictions,
    double? MeanValue)
{
    /// <summary>The model's failures over the requests it was given (rejected ones aside); null when it was given none.</summary>
    public double? ErrorRate => FailedRequests.Rate(Requests, Errors, Rejected);
}

/// <summary>The rate of failed predict requests that were the model's own (<see cref="PredictionFailure.IsCallersMistake"/>).</summary>
public static class FailedRequests
{
    public static double? Rate(long requests, long errors, long rejected) =>
        requests - rejected is var given and > 0 ? (double)errors / given : null;
}

/// <summary>A model's traffic over a window, with the same figures for each version.</summary>
public sealed record MonitoringSummary(
    string Model,
    DateTime From,
    DateTime To,
    long Requests,
    long Records,
    long Errors,
    long Rejected,
    LatencyPercentiles LatencyMs,
    IReadOnlyDictionary<string, long> Predictions,
    double? MeanValue,
    IReadOnlyList<VersionTraffic> ByVersion)
{
    /// <inheritdoc cref="VersionTraffic.ErrorRate"/>
    public double? ErrorRate => FailedRequests.Rate(Requests, Errors, Rejected);
}

/// <summary>One bucket of a time series, starting at <see cref="Start"/>; every bucket of the window is present, empty ones too.</summary>
public sealed record TrafficPoint(
    DateTime Start,
    long Requests,
    long Records,
    long Errors,
    long Rejected,
    LatencyPercentiles LatencyMs,
    IReadOnlyDictionary<string, long> Predictions,
    double? MeanValue,
    IReadOnlyList<VersionTraffic> ByVersion)
{
    /// <inheritdoc cref="VersionTraffic.ErrorRate"/>
    public double? ErrorRate => FailedRequests.Rate(Requests, Errors, Rejected);
}

public sealed record MonitoringTimeSeries(string Model, DateTime From, DateTime To, int BucketSeconds, IReadOnlyList<TrafficPoint> Points);

/// <summary>
/// A logged prediction. <see cref="Inputs"/> holds the values the model saw: numbers as <see cref="double"/>,
/// text as <see cref="string"/>, missing values as null. <see cref="Actual"/> is the ground truth sent as feedback, if any.
/// </summary>
public sealed record LoggedPrediction(
    long Id,
    DateTime At,
    int Version,
    string? Alias,
    string RequestId,
    int Index,
    string Caller,
    IReadOnlyDictionary<string, object?> Inputs,
    Prediction Output,
    double LatencyMs,
    string? Actual);

/// <summary>The prediction log's own queue: <c>Enqueued = Written + Failed + Depth</c>; <see cref="Dropped"/> never entered it.</summary>
public sealed record PredictionLogStatus(int Capacity, long Depth, long Enqueued, long Written, long Dropped, long Failed);
