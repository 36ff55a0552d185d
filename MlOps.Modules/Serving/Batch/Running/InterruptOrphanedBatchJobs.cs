using Microsoft.EntityFrameworkCore;
using MlOps.Modules.Platform.Contracts;
using MlOps.Modules.Serving.Batch.Jobs;
using MlOps.Modules.Serving.Contracts;
using MlOps.Modules.Serving.Data;

namespace MlOps.Modules.Serving.Batch.Running;

/// <summary>
/// Jobs left Running by a replica that stopped are marked Interrupted, and what they wrote is removed (their output was
/// never moved into place, so none is half there). Queued jobs wait for any replica to claim them.
/// </summary>
internal sealed class InterruptOrphanedBatchJobs(IDbContextFactory<ServingDbContext> contexts, IArtifactStore artifacts, IAuditLog audit, TimeProvider clock)
    : IOrphanedWork
{
    public async Task InterruptAsync(IReadOnlyCollection<string> liveReplicas, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var orphaned = await db.BatchJobs.AsNoTracking()
            .Where(j => j.Status == BatchJobStatus.Running && (j.Instance == null || !liveReplicas.Contains(j.Instance)))
            .Select(j => new { j.Id, j.Rows, j.Instance }).ToListAsync(cancellationToken);
        foreach (var job in orphaned)
        {
            var error = $"The server stopped while this job was running (replica {job.Instance ?? "unknown"}); no output was kept. Start it again.";
            var now = clock.GetUtcNow().UtcDateTime;
            var interrupted = await db.BatchJobs.Where(j => j.Id == job.Id && j.Status == BatchJobStatus.Running && j.Instance == job.Instance)
                .ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, BatchJobStatus.Interrupted).SetProperty(j => j.Error, error).SetProperty(j => j.FinishedAt, now),
                    cancellationToken);
            if (interrupted != 1) continue;
            await artifacts.DeleteTreeAsync(BatchJobService.FolderOf(job.Id), cancellationToken);
            await audit.RecordAsync(new AuditEvent("system", "batch-job.interrupted", "batch-job", job.Id,
                $"after {job.Rows:N0} rows: replica {job.Instance ?? "unknown"} stopped"), cancellationToken);
        }
    }
}
