using Microsoft.Extensions.DependencyInjection;
using MlOps.Modules.Monitoring.Log;
using MlOps.Modules.Pipeline.Contracts;
using MlOps.Modules.Serving.Contracts;
using Prometheus;

namespace MlOps.Modules.Monitoring.Metrics;

/// <summary>
/// Series read from their owners when Prometheus scrapes: the log queue, Serving's event counts and loaded
/// models, and training runs by status. Nothing is counted twice; each scrape copies the owners' figures.
/// </summary>
internal sealed class ScrapeMetrics
{
    private readonly PredictionLogQueue _queue;
    private readonly IPredictionService _serving;
    private readonly IServiceScopeFactory _scopes;
    private readonly Gauge _queueDepth;
    private readonly Gauge _queueCapacity;
    private readonly Counter _enqueued;
    private readonly Counter _written;
    private readonly Counter _dropped;
    private readonly Counter _failed;
    private readonly Counter _servingEvents;
    private readonly Counter _servingDropped;
    private readonly Gauge _loadedModels;
    private readonly Gauge _trainingRuns;

    public ScrapeMetrics(CollectorRegistry registry, PredictionLogQueue queue, IPredictionService serving, IServiceScopeFactory scopes)
    {
        (_queue, _serving, _scopes) = (queue, serving, scopes);
        var factory = Prometheus.Metrics.WithCustomRegistry(registry);
        _queueDepth = factory.CreateGauge("mlops_monitoring_queue_depth", "Prediction log entries waiting to be written.");
        _queueCapacity = factory.CreateGauge("mlops_monitoring_queue_capacity", "Prediction log entries the queue holds before it drops.");
        _enqueued = factory.CreateCounter("mlops_monitoring_enqueued_total", "Prediction log entries accepted by the queue.");
        _written = factory.CreateCounter("mlops_monitoring_written_total", "Prediction log entries written to the database.");
        _dropped = factory.CreateCounter("mlops_monitoring_dropped_total", "Prediction log entries dropped because the queue was full.");
        _failed = factory.CreateCounter("mlops_monitoring_write_failed_total", "Prediction log entries lost to failed database writes.");
        _servingEvents = factory.CreateCounter("mlops_serving_prediction_events_total", "Prediction events Serving handed to its sinks.");
        _servingDropped = factory.CreateCounter("mlops_serving_prediction_events_dropped_total", "Prediction events a sink failed to take (it threw; the request went on).");
        _loadedModels = factory.CreateGauge("mlops_serving_loaded_models", "Model versions held by Serving, by state.", "state");
        _trainingRuns = factory.CreateGauge("mlops_training_runs", "Pipeline runs by status.", "status");
        registry.AddBeforeCollectCallback(UpdateAsync);
    }

    private async Task UpdateAsync(CancellationToken cancellationToken)
    {
        var log = _queue.Status();
        _queueDepth.Set(log.Depth);
        _queueCapacity.Set(log.Capacity);
        _enqueued.IncTo(log.Enqueued);
        _written.IncTo(log.Written);
        _dropped.IncTo(log.Dropped);
        _failed.IncTo(log.Failed);

        var serving = _serving.GetStatus();
        _servingEvents.IncTo(serving.PredictionEvents);
        _servingDropped.IncTo(serving.DroppedPredictionEvents);
        foreach (var state in Enum.GetValues<LoadedModelState>())
            _loadedModels.WithLabels(state.ToString()).Set(serving.Models.Count(m => m.State == state));

        await using var scope = _scopes.CreateAsyncScope();
        var runs = await scope.ServiceProvider.GetRequiredService<IPipelineService>().CountRunsByStatusAsync(cancellationToken);
        foreach (var status in Enum.GetValues<PipelineRunStatus>())
            _trainingRuns.WithLabels(status.ToString()).Set(runs.GetValueOrDefault(status));
    }
}
