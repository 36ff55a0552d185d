using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MlOps.Modules.Platform.Contracts;
using MlOps.Modules.Serving.Data;

namespace MlOps.Modules.Serving.Batch.Running;

/// <summary>Claims queued jobs from the database in the order they were queued, <c>Serving:Batch:MaxConcurrentJobs</c> at a time on this replica.</summary>
internal sealed class BatchJobWorker(
    IServiceScopeFactory scopes, IReplica replica, IReplicaSignals signals, IOptions<ServingOptions> options, TimeProvider clock, ILogger<BatchJobWorker> logger)
    : QueueWorker(replica, signals, logger)
{
    public const string Queued = "batch-jobs.queued";
    public const string CancelRequested = "batch-jobs.cancel-requested";

    protected override int Concurrency => options.Value.Batch.MaxConcurrentJobs;

    protected override string QueuedTopic => Queued;

    protected override string CancelTopic => CancelRequested;

    protected override async Task<string?> ClaimAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ServingDbContext>();
        return await WorkQueue.ClaimNextAsync(db.Database, "serving_batch_jobs", nameof(BatchJobRecord.CreatedAt), Replica.Name, clock.GetUtcNow().UtcDateTime, cancellationToken);
    }

    protected override async Task RunAsync(string id, CancellationToken cancellation, CancellationToken stopping)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<BatchJobExecutor>().ExecuteAsync(id, cancellation, stopping);
    }

    protected override async Task<IReadOnlyList<string>> CancelRequestedAsync(IReadOnlyCollection<string> running, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ServingDbContext>();
        return await db.BatchJobs.AsNoTracking().Where(j => running.Contains(j.Id) && j.CancelRequested).Select(j => j.Id).ToListAsync(cancellationToken);
    }
}
