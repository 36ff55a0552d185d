using MlOps.Modules.Serving.Contracts;

namespace MlOps.Modules.Serving.Sink;

/// <summary>The sink that is always there: it counts what the others (Monitoring's) receive.</summary>
internal sealed class CountingPredictionSink : IPredictionSink
{
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    public void Handle(PredictionEvent prediction) => Interlocked.Increment(ref _count);
}
