using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MlOps.Modules.Serving.Contracts;

namespace MlOps.Modules.Serving.Sink;

/// <summary>Drains queued predictions and failures into every registered sink; a failing sink is logged and skipped.</summary>
internal sealed class PredictionDispatcher(PredictionEvents events, IServiceProvider services, ILogger<PredictionDispatcher> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var predictionSinks = services.GetServices<IPredictionSink>().ToList();
        var failureSinks = services.GetServices<IPredictionFailureSink>().ToList();
        return Task.WhenAll(
            DrainAsync(events.Reader, predictionSinks, static (sink, prediction, token) => sink.HandleAsync(prediction, token), stoppingToken),
            DrainAsync(events.Failures, failureSinks, static (sink, failure, token) => sink.HandleAsync(failure, token), stoppingToken));
    }

    private async Task DrainAsync<TEvent, TSink>(ChannelReader<TEvent> reader, List<TSink> sinks, Func<TSink, TEvent, CancellationToken, ValueTask> handle, CancellationToken stoppingToken)
        where TSink : notnull
    {
        try
        {
            await foreach (var item in reader.ReadAllAsync(stoppingToken))
            {
                foreach (var sink in sinks)
                {
                    try
                    {
                        await handle(sink, item, stoppingToken);
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        logger.LogError(e, "Prediction sink {Sink} failed", sink.GetType().Name);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
