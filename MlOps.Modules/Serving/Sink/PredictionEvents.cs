using Microsoft.Extensions.Logging;
using MlOps.Modules.Serving.Contracts;

namespace MlOps.Modules.Serving.Sink;

/// <summary>
/// Hands predictions and failures to every registered sink, in place: sinks promise to return at once (Monitoring's
/// queues), so a hand-off through a buffer and a thread of its own would cost every request a wake-up for nothing.
/// A sink that throws is logged and its event counted as dropped; the request goes on.
/// </summary>
internal sealed class PredictionEvents(IEnumerable<IPredictionSink> sinks, IEnumerable<IPredictionFailureSink> failureSinks, ILogger<PredictionEvents> logger)
{
    private readonly IPredictionSink[] _sinks = [.. sinks];
    private readonly IPredictionFailureSink[] _failureSinks = [.. failureSinks];
    private long _dropped;

    public long Dropped => Interlocked.Read(ref _dropped);

    public void Publish(PredictionEvent prediction) => HandOut(_sinks, prediction, static (sink, p) => sink.Handle(p));

    public void Publish(PredictionFailure failure) => HandOut(_failureSinks, failure, static (sink, f) => sink.Handle(f));

    private void HandOut<TSink, TEvent>(TSink[] sinks, TEvent item, Action<TSink, TEvent> handle)
        where TSink : notnull
    {
        foreach (var sink in sinks)
        {
            try
            {
                handle(sink, item);
            }
            catch (Exception e)
            {
                Interlocked.Increment(ref _dropped);
                logger.LogError(e, "Prediction sink {Sink} failed", sink.GetType().Name);
            }
        }
    }
}
