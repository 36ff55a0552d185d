using Microsoft.EntityFrameworkCore;
using MlOps.Modules.Pipeline.Contracts;
using MlOps.Modules.Pipeline.Data;
using MlOps.Modules.Pipeline.Definitions;
using MlOps.Modules.Platform.Contracts;

namespace MlOps.Modules.Pipeline.Schedules;

internal enum ScheduledFire
{
    Started,
    SkippedUnchangedData,
    RefusedOverlap,
    PipelineGone,
}

/// <summary>What a schedule fire does: retrain on the latest data, unless nothing changed or a run is still going.</summary>
internal sealed class ScheduledRetraining(PipelineDbContext db, IDatasetCatalog datasets, IPipelineService pipelines, IAuditLog audit)
{
    public async Task<ScheduledFire> FireAsync(string pipeline, CancellationToken cancellationToken)
    {
        var record = await db.Pipelines.AsNoTracking().SingleOrDefaultAsync(p => p.Name == pipeline, cancellationToken);
        if (record is null) return ScheduledFire.PipelineGone;

        var actor = $"schedule:{pipeline}";
        var definition = PipelineJson.Deserialize<PipelineDefinition>(record.DefinitionJson);
        var latest = await datasets.GetVersionAsync(definition.Dataset, definition.DatasetVersion, cancellationToken);
        var lastSuccess = await db.Runs.AsNoTracking()
            .Where(r => r.PipelineName == pipeline && r.Status == PipelineRunStatus.Succeeded)
            .OrderByDescending(r => r.FinishedAt)
            .FirstOrDefaultAsync(cancellationToken);
        if (latest is not null && lastSuccess?.DatasetContentHash == latest.ContentHash)
        {
            await audit.RecordAsync(new AuditEvent(actor, "pipeline.schedule-skipped", "pipeline", pipeline,
                $"{definition.Dataset} version {latest.Version} is unchanged since run {lastSuccess.Id}"), cancellationToken);
            return ScheduledFire.SkippedUnchangedData;
        }

        var started = await pipelines.StartRunAsync(pipeline, "schedule", actor, cancellationToken);
        if (started.Succeeded) return ScheduledFire.Started;
        await audit.RecordAsync(new AuditEvent(actor, "pipeline.schedule-refused", "pipeline", pipeline,
            string.Join(" ", started.Problems.Values.SelectMany(m => m))), cancellationToken);
        return ScheduledFire.RefusedOverlap;
    }
}
