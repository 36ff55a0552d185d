using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MlOps.Modules.Serving.Batch.Running;

/// <summary>
/// Runs queued jobs, <c>Serving:Batch:MaxConcurrentJobs</c> at a time, in the order they were queued. Job state
/// lives in the database; this holds only the ids waiting here and a cancel handle per job in progress.
/// </summary>
internal sealed class BatchJobWorker(IServiceScopeFactory scopes, IOptions<ServingOptions> options, ILogger<BatchJobWorker> logger) : BackgroundService
{
    private readonly Channel<string> _waiting = Channel.CreateUnbounded<string>();
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _inProgress = new();

    public void Enqueue(string jobId) => _waiting.Writer.TryWrite(jobId);

    /// <summary>Signals a job in progress to stop; false when it is not running here.</summary>
    public bool TryCancel(string jobId)
    {
        if (!_inProgress.TryGetValue(jobId, out var cancellation)) return false;
        cancellation.Cancel();
        return true;
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, options.Value.Batch.MaxConcurrentJobs).Select(_ => Task.Run(() => WorkAsync(stoppingToken), stoppingToken)));

    private async Task WorkAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var jobId in _waiting.Reader.ReadAllAsync(stoppingToken))
            {
                using var cancellation = new CancellationTokenSource();
                _inProgress[jobId] = cancellation;
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    await scope.ServiceProvider.GetRequiredService<BatchJobExecutor>().ExecuteAsync(jobId, cancellation.Token, stoppingToken);
                }
                catch (Exception error) when (!stoppingToken.IsCancellationRequested)
                {
                    // One job that breaks unexpectedly must never stop the worker, nor with it the host.
                    logger.LogError(error, "Batch job {JobId} ended with an unexpected error", jobId);
                }
                finally
                {
                    _inProgress.TryRemove(jobId, out _);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
