using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MlOps.Modules.Pipeline.Runs;

/// <summary>Takes queued runs one at a time per worker; <c>Pipeline:MaxConcurrentRuns</c> workers run side by side.</summary>
internal sealed class RunWorker(RunQueue queue, IServiceScopeFactory scopes, IOptions<PipelineOptions> options, ILogger<RunWorker> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, options.Value.MaxConcurrentRuns).Select(_ => Task.Run(() => WorkAsync(stoppingToken), stoppingToken)));

    private async Task WorkAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var runId in queue.ReadAllAsync(stoppingToken))
            {
                var cancellation = queue.Track(runId, stoppingToken);
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    await scope.ServiceProvider.GetRequiredService<PipelineRunExecutor>().ExecuteAsync(runId, cancellation.Token);
                }
                catch (Exception error) when (error is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    logger.LogError(error, "Pipeline run {RunId} ended with an unexpected error", runId);
                }
                finally
                {
                    queue.Untrack(runId);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
