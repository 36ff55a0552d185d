using MlOps.Modules.Platform.Contracts;
using MlOps.Modules.Serving.Batch.Definitions;
using MlOps.Modules.Serving.Contracts;

namespace MlOps.Modules.Serving.Batch.Schedules;

internal enum BatchFire
{
    Started,
    RefusedOverlap,
    DefinitionGone,
    Failed,
}

/// <summary>What a schedule fire does: queue a job of the definition, unless one is still queued or running; a refusal is audited.</summary>
internal sealed class ScheduledBatch(BatchDefinitionService definitions, IAuditLog audit)
{
    public async Task<BatchFire> FireAsync(string definition, CancellationToken cancellationToken)
    {
        var actor = $"schedule:{definition}";
        var started = await definitions.StartAsync(definition, BatchTriggers.Schedule, actor, cancellationToken);
        if (started.Succeeded) return BatchFire.Started;
        if (started.Problems.ContainsKey("name") && started.Error == OperationError.NotFound) return BatchFire.DefinitionGone;

        var overlap = started.Error == OperationError.Conflict;
        await audit.RecordAsync(new AuditEvent(actor, overlap ? "batch-definition.schedule-refused" : "batch-definition.schedule-failed", "batch-definition", definition,
            string.Join(" ", started.Problems.Values.SelectMany(m => m))), cancellationToken);
        return overlap ? BatchFire.RefusedOverlap : BatchFire.Failed;
    }
}
