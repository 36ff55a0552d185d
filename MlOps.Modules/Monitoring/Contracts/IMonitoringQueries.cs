using MlOps.Modules.Platform.Contracts;

namespace MlOps.Modules.Monitoring.Contracts;

/// <summary>
/// What Monitoring knows about a model's traffic, read from the prediction log: for the UI, the alerts job and
/// drift. Methods that return a value return null when the Registry has no such model.
/// </summary>
public interface IMonitoringQueries
{
    Task<MonitoringSummary?> GetSummaryAsync(string model, TimeWindow window, CancellationToken cancellationToken);

    /// <summary>Buckets of <paramref name="bucket"/> from the window's start; the last may reach past its end.</summary>
    Task<MonitoringTimeSeries?> GetTimeSeriesAsync(string model, TimeWindow window, TimeSpan bucket, CancellationToken cancellationToken);

    Task<ModelPerformance?> GetPerformanceAsync(string model, TimeWindow window, TimeSpan bucket, CancellationToken cancellationToken);

    /// <summary>Newest first, optionally of one version.</summary>
    Task<Paged<LoggedPrediction>?> ListPredictionsAsync(string model, int? version, TimeWindow window, PageRequest page, CancellationToken cancellationToken);

    /// <summary>
    /// The logged inputs and outputs of one version in a window, newest first, at most <paramref name="limit"/>:
    /// the "current" sample drift compares with the training data. Streams, so large windows stay in constant memory.
    /// </summary>
    IAsyncEnumerable<LoggedPrediction> ReadWindowAsync(string model, int version, TimeWindow window, int limit, CancellationToken cancellationToken);

    PredictionLogStatus GetLogStatus();
}
