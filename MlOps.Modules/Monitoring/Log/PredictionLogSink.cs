using MlOps.Modules.Monitoring.Metrics;
using MlOps.Modules.Serving.Contracts;

namespace MlOps.Modules.Monitoring.Log;

/// <summary>Serving hands every prediction and failure here: counted for Prometheus, then queued for the log.</summary>
internal sealed class PredictionLogSink(PredictionLogQueue queue, PredictionMetrics metrics) : IPredictionSink, IPredictionFailureSink
{
    public void Handle(PredictionEvent prediction)
    {
        metrics.Observe(prediction);
        queue.Add(LogEntry.Of(prediction));
    }

    public void Handle(PredictionFailure failure)
    {
        metrics.Observe(failure);
        queue.Add(new LogEntry(null, failure));
    }
}
