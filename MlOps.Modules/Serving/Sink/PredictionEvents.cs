using System.Threading.Channels;
using Microsoft.Extensions.Options;
using MlOps.Modules.Serving.Contracts;

namespace MlOps.Modules.Serving.Sink;

/// <summary>
/// The bounded hand-off between requests and sinks, one buffer for predictions and one for failures: writing
/// never waits; a full buffer drops and counts.
/// </summary>
internal sealed class PredictionEvents
{
    private readonly Channel<PredictionEvent> _predictions;
    private readonly Channel<PredictionFailure> _failures;
    private long _dropped;

    public PredictionEvents(IOptions<ServingOptions> options)
    {
        _predictions = Bounded<PredictionEvent>(options.Value.PredictionEventBuffer);
        _failures = Bounded<PredictionFailure>(options.Value.PredictionEventBuffer);
    }

    public long Dropped => Interlocked.Read(ref _dropped);

    public ChannelReader<PredictionEvent> Reader => _predictions.Reader;

    public ChannelReader<PredictionFailure> Failures => _failures.Reader;

    public void Publish(PredictionEvent prediction) => _predictions.Writer.TryWrite(prediction);

    public void Publish(PredictionFailure failure) => _failures.Writer.TryWrite(failure);

    private Channel<T> Bounded<T>(int capacity) =>
        Channel.CreateBounded<T>(new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true },
            _ => Interlocked.Increment(ref _dropped));
}
