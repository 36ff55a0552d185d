using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MlOps.Modules.Pipeline.Contracts;
using MlOps.Modules.Pipeline.Data;
using MlOps.Modules.Platform.Contracts;

namespace MlOps.Modules.Pipeline.Runs;

/// <summary>
/// After a crash: runs that were training are marked Interrupted (registration is the last, atomic step,
/// so none left a half-registered version), and runs that were waiting are queued again.
/// </summary>
internal sealed class RecoverRuns(IServiceScopeFactory scopes, RunQueue queue, TimeProvider clock) : IModuleInitializer
{
    public int Order => 20;

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PipelineDbContext>();
        var audit = scope.ServiceProvider.GetRequiredService<IAuditLog>();
        var unfinished = await db.Runs.Where(r => r.Status == PipelineRunStatus.Running || r.Status == PipelineRunStatus.Queued)
            .OrderBy(r => r.QueuedAt).ToListAsync(cancellationToken);
        foreach (var run in unfinished)
        {
            if (run.Status == PipelineRunStatus.Queued && queue.TryEnqueue(run.Id)) continue;
            run.Status = PipelineRunStatus.Interrupted;
            run.Error = "The server stopped while this run was in progress; start the pipeline again.";
            run.FinishedAt = clock.GetUtcNow().UtcDateTime;
            await audit.RecordAsync(new AuditEvent("system", "pipeline-run.interrupted", "pipeline-run", run.Id, run.PipelineName), cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}
