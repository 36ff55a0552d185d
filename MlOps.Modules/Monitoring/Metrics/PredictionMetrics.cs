using System.Collections.Concurrent;
using System.Globalization;
using MlOps.Modules.Serving.Contracts;
using Prometheus;

namespace MlOps.Modules.Monitoring.Metrics;

/// <summary>
/// Per-prediction Prometheus series. The labelled children of each model version are created once and cached,
/// so counting a prediction is a dictionary lookup and three atomic updates.
/// </summary>
internal sealed class PredictionMetrics
{
    public const string NoVersion = "none";

    private static readonly double[] LatencyBuckets =
        [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

    private readonly Counter _requests;
    private readonly Counter _predictions;
    private readonly Counter _errors;
    private readonly Histogram _latency;
    private readonly ConcurrentDictionary<(string Model, int Version), Series> _series = new();
    private readonly ConcurrentDictionary<(string Model, int? Version, int Status), Counter.Child> _errorSeries = new();

    public PredictionMetrics(CollectorRegistry registry)
    {
        var factory = Prometheus.Metrics.WithCustomRegistry(registry);
        _requests = factory.CreateCounter("mlops_prediction_requests_total",
            "Predict requests answered with predictions, per model version.", "model", "version");
        _predictions = factory.CreateCounter("mlops_predictions_total",
            "Records scored (a request may hold several), per model version.", "model", "version");
        _errors = factory.CreateCounter("mlops_prediction_errors_total",
            "Predict requests answered with an error, per model version (\"none\" when unresolved) and HTTP status.", "model", "version", "status");
        _latency = factory.CreateHistogram("mlops_prediction_latency_seconds",
            "Model scoring time per record, per model version.", ["model", "version"], new HistogramConfiguration { Buckets = LatencyBuckets });
    }

    public void Observe(PredictionEvent prediction)
    {
        var series = _series.GetOrAdd((prediction.Model, prediction.Version), static (key, metrics) => metrics.CreateSeries(key), this);
        if (prediction.Index == 0) series.Requests.Inc();
        series.Predictions.Inc();
        series.Latency.Observe(prediction.Latency.TotalSeconds);
    }

    public void Observe(PredictionFailure failure) =>
        _errorSeries.GetOrAdd((failure.Model, failure.Version, failure.StatusCode), static (key, errors) =>
            errors.WithLabels(key.Model, key.Version?.ToString(CultureInfo.InvariantCulture) ?? NoVersion, key.Status.ToString(CultureInfo.InvariantCulture)), _errors).Inc();

    private Series CreateSeries((string Model, int Version) key)
    {
        var version = key.Version.ToString(CultureInfo.InvariantCulture);
        return new Series(_requests.WithLabels(key.Model, version), _predictions.WithLabels(key.Model, version), _latency.WithLabels(key.Model, version));
    }

    private sealed record Series(Counter.Child Requests, Counter.Child Predictions, Histogram.Child Latency);
}
