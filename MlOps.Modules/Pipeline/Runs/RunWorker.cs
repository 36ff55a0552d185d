using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MlOps.Modules.Pipeline.Data;
using MlOps.Modules.Platform.Contracts;

namespace MlOps.Modules.Pipeline.Runs;

/// <summary>Claims queued runs from the database, <c>Pipeline:MaxConcurrentRuns</c> at a time on this replica.</summary>
internal sealed class RunWorker(
    IServiceScopeFactory scopes, IReplica replica, IReplicaSignals signals, IOptions<PipelineOptions> options, TimeProvider clock, ILogger<RunWorker> logger)
    : QueueWorker(replica, signals, logger)
{
    public const string Queued = "pipeline-runs.queued";
    public const string CancelRequested = "pipeline-runs.cancel-requested";

    protected override int Concurrency => options.Value.MaxConcurrentRuns;

    protected override string QueuedTopic => Queued;

    protected override string CancelTopic => CancelRequested;

    protected override async Task<string?> ClaimAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PipelineDbContext>();
        return await WorkQueue.ClaimNextAsync(db.Database, "pipeline_runs", nameof(PipelineRunRecord.QueuedAt), Replica.Name, clock.GetUtcNow().UtcDateTime, cancellationToken);
    }

    protected override async Task RunAsync(string id, CancellationToken cancellation, CancellationToken stopping)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellation, stopping);
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<PipelineRunExecutor>().ExecuteAsync(id, linked.Token);
    }

    protected override async Task<IReadOnlyList<string>> CancelRequestedAsync(IReadOnlyCollection<string> running, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PipelineDbContext>();
        return await db.Runs.AsNoTracking().Where(r => running.Contains(r.Id) && r.CancelRequested).Select(r => r.Id).ToListAsync(cancellationToken);
    }
}
