using Microsoft.EntityFrameworkCore;
using MlOps.Modules.Pipeline.Contracts;
using MlOps.Modules.Pipeline.Data;
using MlOps.Modules.Platform.Contracts;

namespace MlOps.Modules.Pipeline.Runs;

/// <summary>
/// Runs left Running by a replica that stopped (a crash, a kill, or this replica's own previous process) are marked
/// Interrupted; registration is a run's last, atomic step, so none left a half-registered version. Queued runs wait
/// for any replica to claim them.
/// </summary>
internal sealed class InterruptOrphanedRuns(IDbContextFactory<PipelineDbContext> contexts, IAuditLog audit, TimeProvider clock) : IOrphanedWork
{
    public async Task InterruptAsync(IReadOnlyCollection<string> liveReplicas, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var orphaned = await db.Runs.AsNoTracking()
            .Where(r => r.Status == PipelineRunStatus.Running && (r.Instance == null || !liveReplicas.Contains(r.Instance)))
            .Select(r => new { r.Id, r.PipelineName, r.Instance }).ToListAsync(cancellationToken);
        foreach (var run in orphaned)
        {
            var error = $"The server stopped while this run was in progress (replica {run.Instance ?? "unknown"}); start the pipeline again.";
            var now = clock.GetUtcNow().UtcDateTime;
            var interrupted = await db.Runs.Where(r => r.Id == run.Id && r.Status == PipelineRunStatus.Running && r.Instance == run.Instance)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, PipelineRunStatus.Interrupted).SetProperty(r => r.Error, error).SetProperty(r => r.FinishedAt, now),
                    cancellationToken);
            if (interrupted == 1)
                await audit.RecordAsync(new AuditEvent("system", "pipeline-run.interrupted", "pipeline-run", run.Id,
                    $"{run.PipelineName}: replica {run.Instance ?? "unknown"} stopped"), cancellationToken);
        }
    }
}
