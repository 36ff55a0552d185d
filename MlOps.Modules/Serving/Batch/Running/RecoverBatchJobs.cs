using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MlOps.Modules.Platform.Contracts;
using MlOps.Modules.Serving.Batch.Jobs;
using MlOps.Modules.Serving.Contracts;
using MlOps.Modules.Serving.Data;

namespace MlOps.Modules.Serving.Batch.Running;

/// <summary>
/// After a stop: jobs that were running are marked Interrupted (their output was never moved into place, so
/// none is half there), and jobs that were waiting are queued again in their order.
/// </summary>
internal sealed class RecoverBatchJobs(IServiceScopeFactory scopes, BatchJobWorker worker, IArtifactStore artifacts, TimeProvider clock) : IModuleInitializer
{
    public int Order => 20;

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ServingDbContext>();
        var audit = scope.ServiceProvider.GetRequiredService<IAuditLog>();
        var unfinished = await db.BatchJobs.Where(j => j.Status == BatchJobStatus.Running || j.Status == BatchJobStatus.Queued)
            .OrderBy(j => j.CreatedAt).ToListAsync(cancellationToken);
        foreach (var job in unfinished)
        {
            if (job.Status == BatchJobStatus.Queued)
            {
                worker.Enqueue(job.Id);
                continue;
            }

            job.Status = BatchJobStatus.Interrupted;
            job.Error = "The server stopped while this job was running; no output was kept. Start it again.";
            job.FinishedAt = clock.GetUtcNow().UtcDateTime;
            await artifacts.DeleteTreeAsync(BatchJobService.FolderOf(job.Id), cancellationToken);
            await audit.RecordAsync(new AuditEvent("system", "batch-job.interrupted", "batch-job", job.Id, $"after {job.Rows:N0} rows"), cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}
