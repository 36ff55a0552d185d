using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MlOps.Modules.Serving.Contracts;

namespace MlOps.Modules.Serving.Sink;

/// <summary>Drains queued predictions into every registered sink; a failing sink is logged and skipped.</summary>
internal sealed class PredictionDispatcher(PredictionEvents events, IServiceProvider services, ILogger<PredictionDispatcher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var sinks = services.GetServices<IPredictionSink>().ToList();
        try
        {
            await foreach (var prediction in events.Reader.ReadAllAsync(stoppingToken))
            {
                foreach (var sink in sinks)
                {
                    try
                    {
                        await sink.HandleAsync(prediction, stoppingToken);
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
