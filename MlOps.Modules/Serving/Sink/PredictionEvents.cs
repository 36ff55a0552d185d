using System.Threading.Channels;
using Microsoft.Extensions.Options;
using MlOps.Modules.Serving.Contracts;

namespace MlOps.Modules.Serving.Sink;

/// <summary>The bounded hand-off between requests and sinks: writing never waits; a full buffer drops and counts.</summary>
internal sealed class PredictionEvents
{
    private readonly Channel<PredictionEvent> _channel;
    private long _dropped;

    public PredictionEvents(IOptions<ServingOptions> options) =>
        _channel = Channel.CreateBounded<PredictionEvent>(
            new BoundedChannelOptions(options.Value.PredictionEventBuffer) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true },
            _ => Interlocked.Increment(ref _dropped));

    public long Dropped => Interlocked.Read(ref _dropped);

    public ChannelReader<PredictionEvent> Reader => _channel.Reader;

    public void Publish(PredictionEvent prediction) => _channel.Writer.TryWrite(prediction);
}
