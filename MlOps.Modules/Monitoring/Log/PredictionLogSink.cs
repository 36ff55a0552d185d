using MlOps.Modules.Monitoring.Metrics;
using MlOps.Modules.Serving.Contracts;

namespace MlOps.Modules.Monitoring.Log;

/// <summary>Serving's dispatcher hands every prediction and failure here: counted for Prometheus, then queued for the log.</summary>
internal sealed class PredictionLogSink(PredictionLogQueue queue, PredictionMetrics metrics) : IPredictionSink, IPredictionFailureSink
{
    public ValueTask HandleAsync(PredictionEvent prediction, CancellationToken cancellationToken)
    {
        metrics.Observe(prediction);
        queue.Add(LogEntry.Of(prediction));
        return ValueTask.CompletedTask;
    }

    public ValueTask HandleAsync(PredictionFailure failure, CancellationToken cancellationToken)
    {
        metrics.Observe(failure);
        queue.Add(new LogEntry(null, failure));
        return ValueTask.CompletedTask;
    }
}
