using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MlOps.Modules.Platform.Contracts;
using MlOps.Modules.Serving.Contracts;
using MlOps.Modules.Serving.Predict;

namespace MlOps.Modules.Serving.Batch;

/// <summary>
/// Runs batch jobs one at a time: the source is read and the output written batch by batch, so memory
/// stays flat; the output lands in the artifact store. Jobs live in memory and do not survive a restart.
/// </summary>
internal sealed class BatchJobRunner(
    PredictionService service, IArtifactStore artifacts, IServiceScopeFactory scopes, TimeProvider clock, ILogger<BatchJobRunner> logger) : BackgroundService
{
    private const long MaxOutputBytes = 10L * 1024 * 1024 * 1024;
    private readonly Channel<BatchJob> _queue = Channel.CreateUnbounded<BatchJob>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<string, BatchJob> _jobs = new();

    public BatchJob Enqueue(BatchJob job)
    {
        _jobs[job.Id] = job;
        _queue.Writer.TryWrite(job);
        return job;
    }

    public BatchJob? Find(string id) => _jobs.GetValueOrDefault(id);

    public IReadOnlyList<BatchJob> List() => [.. _jobs.Values];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var job in _queue.Reader.ReadAllAsync(stoppingToken))
            {
                if (job.Cancellation.IsCancellationRequested)
                {
                    job.Finish(BatchJobStatus.Cancelled, clock.GetUtcNow().UtcDateTime);
                    continue;
                }

                await RunAsync(job, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task RunAsync(BatchJob job, CancellationToken stoppingToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, job.Cancellation.Token);
        var cancellationToken = linked.Token;
        job.Start(clock.GetUtcNow().UtcDateTime);
        var temp = Path.Combine(Path.GetTempPath(), $"mlops-batch-{job.Id}.csv");
        try
        {
            var model = await service.ResolveAsync(job.Target, cancellationToken);
            if (!model.Succeeded)
            {
                job.Finish(BatchJobStatus.Failed, clock.GetUtcNow().UtcDateTime, Describe(model.Problems));
                return;
            }

            job.ResolvedVersion = model.Value!.Version;
            // The job outlives the request that queued it: it reads its source through a scope of its own.
            await using var scope = scopes.CreateAsyncScope();
            await using var source = await job.OpenSource(scope.ServiceProvider, cancellationToken);
            if (source is null)
            {
                job.Finish(BatchJobStatus.Failed, clock.GetUtcNow().UtcDateTime, "The source is gone.");
                return;
            }

            var length = source.CanSeek ? source.Length : 0;
            var opened = await service.OpenCsvAsync(model.Value, job.Target, source, $"batch:{job.Id}", job.Id, cancellationToken);
            if (!opened.Succeeded)
            {
                job.Finish(BatchJobStatus.Failed, clock.GetUtcNow().UtcDateTime, Describe(opened.Problems));
                return;
            }

            await using (var output = File.Create(temp))
            {
                await opened.Value!.WriteCsvAsync(output, rows => job.Advance(rows, length > 0 ? Math.Min(0.99, (double)source.Position / length) : 0), cancellationToken);
            }

            await using (var written = File.OpenRead(temp))
            {
                var path = ArtifactPath.Parse($"serving/batch-jobs/{job.Id}/{job.OutputName}");
                await artifacts.SaveAsync(path, written, MaxOutputBytes, cancellationToken);
                job.OutputPath = path.Value;
            }

            job.Finish(BatchJobStatus.Succeeded, clock.GetUtcNow().UtcDateTime);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            job.Finish(BatchJobStatus.Cancelled, clock.GetUtcNow().UtcDateTime);
        }
        catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            // One failing job must never stop the worker, nor with it the host.
            logger.LogWarning(e, "Batch job {Job} failed", job.Id);
            job.Finish(BatchJobStatus.Failed, clock.GetUtcNow().UtcDateTime, e.Message);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private static string Describe(IReadOnlyDictionary<string, string[]> problems) => string.Join(" ", problems.Values.SelectMany(p => p));
}
