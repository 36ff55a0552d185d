using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MlOps.Modules.Pipeline.Contracts;
using MlOps.Modules.Pipeline.Data;
using MlOps.Modules.Pipeline.Definitions;
using MlOps.Modules.Pipeline.Schedules;
using MlOps.Modules.Pipeline.Training.Trainers;
using MlOps.Modules.Platform.Contracts;

namespace MlOps.Modules.Pipeline.Runs;

internal sealed class PipelineService(
    IDbContextFactory<PipelineDbContext> contexts,
    IDatasetCatalog datasets,
    IValidator<PipelineDefinition> validator,
    IValidator<ScheduleSettings> scheduleValidator,
    IReplicaSignals signals,
    IOptions<PipelineOptions> options,
    PipelineScheduler scheduler,
    IAuditLog audit,
    TimeProvider clock) : IPipelineService
{
    private const int ShownFireTimes = 5;
    private static readonly PipelineRunStatus[] Active = [PipelineRunStatus.Queued, PipelineRunStatus.Running];

    public IReadOnlyList<TrainerInfo> GetTrainers(TrainingTask? task) => TrainerCatalog.For(task).Select(t => t.ToInfo()).ToList();

    public async Task<Paged<PipelineSummary>> ListAsync(PageRequest page, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var total = await db.Pipelines.CountAsync(cancellationToken);
        var pipelines = await db.Pipelines.AsNoTracking().OrderBy(p => p.Name).Skip(page.Skip).Take(page.PageSize).ToListAsync(cancellationToken);
        var names = pipelines.Select(p => p.Name).ToList();
        var lastRuns = (await db.Runs.AsNoTracking().Where(r => names.Contains(r.PipelineName))
                .Select(r => new { r.PipelineName, r.Status, r.QueuedAt }).ToListAsync(cancellationToken))
            .GroupBy(r => r.PipelineName)
            .ToDictionary(g => g.Key, g => g.MaxBy(r => r.QueuedAt)!);
        var items = pipelines.Select(p =>
        {
            var definition = PipelineJson.Deserialize<PipelineDefinition>(p.DefinitionJson);
            lastRuns.TryGetValue(p.Name, out var last);
            return new PipelineSummary(p.Name, p.Dataset, definition.Task, p.Description, p.UpdatedAt, ScheduleOf(p), last?.Status, last?.QueuedAt);
        }).ToList();
        return new Paged<PipelineSummary>(items, page.Page, page.PageSize, total);
    }

    public async Task<PipelineDetails?> GetAsync(string name, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var pipeline = await db.Pipelines.AsNoTracking().SingleOrDefaultAsync(p => p.Name == name, cancellationToken);
        return pipeline is null ? null : Details(pipeline);
    }

    public async Task<IReadOnlyList<PipelineDetails>> FindByModelAsync(string model, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // The model name lives inside the definition (registerModel: true means the pipeline's own name), so it is read there.
        var pipelines = await db.Pipelines.AsNoTracking().OrderBy(p => p.Name).ToListAsync(cancellationToken);
        return pipelines.Where(p => PipelineJson.Deserialize<PipelineDefinition>(p.DefinitionJson).ModelName == model).Select(Details).ToList();
    }

    public async Task<OperationResult<PipelineDetails>> CreateAsync(PipelineDefinition definition, string actor, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await CheckAsync(definition, cancellationToken) is { } invalid) return invalid;
        if (await db.Pipelines.AnyAsync(p => p.Name == definition.Name, cancellationToken))
            return OperationResult<PipelineDetails>.Fail(OperationError.Conflict, "name", $"A pipeline named '{definition.Name}' already exists; PUT /api/v1/pipelines/{definition.Name} changes it.");

        var now = clock.GetUtcNow().UtcDateTime;
        var record = new PipelineRecord
        {
            Name = definition.Name,
            DefinitionJson = "",
            Dataset = "",
            Task = "",
            CreatedAt = now,
            CreatedBy = actor,
            UpdatedAt = now,
            UpdatedBy = actor,
        };
        Apply(record, definition);
        db.Pipelines.Add(record);
        await db.SaveChangesAsync(cancellationToken);
        await scheduler.ApplyAsync(record.Name, ScheduleOf(record), cancellationToken);
        await audit.RecordAsync(new AuditEvent(actor, "pipeline.created", "pipeline", record.Name, $"{definition.Task} on {definition.Dataset}"), cancellationToken);
        return OperationResult<PipelineDetails>.Ok(Details(record));
    }

    public async Task<OperationResult<PipelineDetails>> UpdateAsync(string name, PipelineDefinition definition, string actor, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var record = await db.Pipelines.SingleOrDefaultAsync(p => p.Name == name, cancellationToken);
        if (record is null) return NotFound(name);
        if (definition.Name != name)
            return OperationResult<PipelineDetails>.Fail(OperationError.Invalid, "name", $"The definition's name '{definition.Name}' differs from '{name}' in the path; a pipeline cannot be renamed.");
        if (await CheckAsync(definition, cancellationToken) is { } invalid) return invalid;

        Apply(record, definition);
        record.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        record.UpdatedBy = actor;
        await db.SaveChangesAsync(cancellationToken);
        await scheduler.ApplyAsync(record.Name, ScheduleOf(record), cancellationToken);
        await audit.RecordAsync(new AuditEvent(actor, "pipeline.updated", "pipeline", record.Name), cancellationToken);
        return OperationResult<PipelineDetails>.Ok(Details(record));
    }

    public async Task<OperationResult<PipelineDetails>> SetScheduleAsync(string name, ScheduleSettings schedule, string actor, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var record = await db.Pipelines.SingleOrDefaultAsync(p => p.Name == name, cancellationToken);
        if (record is null) return NotFound(name);
        var shape = await scheduleValidator.ValidateAsync(schedule, cancellationToken);
        if (!shape.IsValid) return DefinitionChecks.Invalid<PipelineDetails>(shape.ToDictionary().ToDictionary());

        var definition = PipelineJson.Deserialize<PipelineDefinition>(record.DefinitionJson) with { Schedule = schedule };
        Apply(record, definition);
        record.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        record.UpdatedBy = actor;
        await db.SaveChangesAsync(cancellationToken);
        await scheduler.ApplyAsync(record.Name, schedule, cancellationToken);
        await audit.RecordAsync(new AuditEvent(actor, "pipeline.schedule-set", "pipeline", name, $"{schedule.Cron} ({(schedule.Enabled ? "enabled" : "disabled")})"), cancellationToken);
        return OperationResult<PipelineDetails>.Ok(Details(record));
    }

    public async Task<OperationResult<PipelineRunDetails>> StartRunAsync(string name, string trigger, string actor, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var pipeline = await db.Pipelines.AsNoTracking().SingleOrDefaultAsync(p => p.Name == name, cancellationToken);
        if (pipeline is null) return OperationResult<PipelineRunDetails>.Fail(OperationError.NotFound, "name", $"There is no pipeline '{name}'.");
        var active = await db.Runs.AsNoTracking().FirstOrDefaultAsync(r => r.PipelineName == name && Active.Contains(r.Status), cancellationToken);
        if (active is not null)
            return OperationResult<PipelineRunDetails>.Fail(OperationError.Conflict, "name", $"Run {active.Id} of '{name}' is still {active.Status}; runs of one pipeline never overlap.");

        if (await db.Runs.CountAsync(r => r.Status == PipelineRunStatus.Queued, cancellationToken) >= options.Value.QueueCapacity)
            return OperationResult<PipelineRunDetails>.Fail(OperationError.Conflict, "queue", "The training queue is full; try again when queued runs have finished.");

        var run = new PipelineRunRecord
        {
            Id = Guid.CreateVersion7().ToString("N"),
            PipelineName = name,
            DefinitionJson = pipeline.DefinitionJson,
            Dataset = pipeline.Dataset,
            Status = PipelineRunStatus.Queued,
            Trigger = trigger,
            RequestedBy = actor,
            QueuedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.Runs.Add(run);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            db.Entry(run).State = EntityState.Detached;
            return OperationResult<PipelineRunDetails>.Fail(OperationError.Conflict, "name", $"A run of '{name}' is already queued or running; runs of one pipeline never overlap.");
        }

        await signals.SignalAsync(RunWorker.Queued, cancellationToken);
        await audit.RecordAsync(new AuditEvent(actor, "pipeline-run.queued", "pipeline-run", run.Id, $"{name} ({trigger})"), cancellationToken);
        return OperationResult<PipelineRunDetails>.Ok(RunDetails(run));
    }

    public async Task<PipelineRunDetails?> GetRunAsync(string id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var run = await db.Runs.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
        return run is null ? null : RunDetails(run);
    }

    public async Task<Paged<PipelineRunDetails>> ListRunsAsync(string? pipeline, PageRequest page, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var runs = db.Runs.AsNoTracking();
        if (pipeline is not null) runs = runs.Where(r => r.PipelineName == pipeline);
        var total = await runs.CountAsync(cancellationToken);
        var items = await runs.OrderByDescending(r => r.QueuedAt).Skip(page.Skip).Take(page.PageSize).ToListAsync(cancellationToken);
        return new Paged<PipelineRunDetails>(items.Select(RunDetails).ToList(), page.Page, page.PageSize, total);
    }

    public async Task<IReadOnlyDictionary<PipelineRunStatus, int>> CountRunsByStatusAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Runs.GroupBy(r => r.Status).Select(g => new { Status = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Status, g => g.Count, cancellationToken);
    }

    public async Task<OperationResult<PipelineRunDetails>> CancelRunAsync(string id, string actor, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var run = await db.Runs.SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (run is null) return OperationResult<PipelineRunDetails>.Fail(OperationError.NotFound, "id", $"There is no pipeline run '{id}'.");
        if (!Active.Contains(run.Status))
            return OperationResult<PipelineRunDetails>.Fail(OperationError.Conflict, "id", $"Run {id} already ended as {run.Status}.");

        var now = clock.GetUtcNow().UtcDateTime;
        var cancelledWhileQueued = await db.Runs.Where(r => r.Id == id && r.Status == PipelineRunStatus.Queued)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, PipelineRunStatus.Cancelled).SetProperty(r => r.Error, "Cancelled while queued.")
                .SetProperty(r => r.FinishedAt, now), cancellationToken) == 1;
        if (!cancelledWhileQueued)
        {
            await db.Runs.Where(r => r.Id == id).ExecuteUpdateAsync(s => s.SetProperty(r => r.CancelRequested, true), cancellationToken);
            await signals.SignalAsync(RunWorker.CancelRequested, cancellationToken);
        }

        await db.Entry(run).ReloadAsync(cancellationToken);
        await audit.RecordAsync(new AuditEvent(actor, "pipeline-run.cancel-requested", "pipeline-run", id), cancellationToken);
        return OperationResult<PipelineRunDetails>.Ok(RunDetails(run));
    }

    private async Task<OperationResult<PipelineDetails>?> CheckAsync(PipelineDefinition definition, CancellationToken cancellationToken)
    {
        var shape = await validator.ValidateAsync(definition, cancellationToken);
        if (!shape.IsValid) return DefinitionChecks.Invalid<PipelineDetails>(shape.ToDictionary().ToDictionary());
        var problems = await DefinitionChecks.CheckAsync(definition, datasets, cancellationToken);
        return problems.Count > 0 ? DefinitionChecks.Invalid<PipelineDetails>(problems) : null;
    }

    private static void Apply(PipelineRecord record, PipelineDefinition definition)
    {
        record.DefinitionJson = PipelineJson.Serialize(definition);
        record.Dataset = definition.Dataset;
        record.Task = definition.Task.ToString();
        record.Description = definition.Description;
        record.ScheduleCron = definition.Schedule?.Cron;
        record.ScheduleEnabled = definition.Schedule?.Enabled ?? false;
    }

    private PipelineDetails Details(PipelineRecord record)
    {
        var schedule = ScheduleOf(record);
        var fireTimes = schedule is { Enabled: true } ? CronSchedule.NextFireTimes(schedule.Cron, clock.GetUtcNow(), ShownFireTimes) : [];
        return new PipelineDetails(PipelineJson.Deserialize<PipelineDefinition>(record.DefinitionJson), record.CreatedAt, record.CreatedBy, record.UpdatedAt, fireTimes);
    }

    private static ScheduleSettings? ScheduleOf(PipelineRecord record) =>
        record.ScheduleCron is null ? null : new ScheduleSettings(record.ScheduleCron, record.ScheduleEnabled);

    private static OperationResult<PipelineDetails> NotFound(string name) =>
        OperationResult<PipelineDetails>.Fail(OperationError.NotFound, "name", $"There is no pipeline '{name}'.");

    internal static PipelineRunDetails RunDetails(PipelineRunRecord run) => new(
        run.Id, run.PipelineName, run.Status, run.Progress, run.Dataset, run.DatasetVersion,
        PipelineJson.Deserialize<List<TrialSummary>>(run.TrialsJson), run.PlannedTrials, run.BestRunId, run.OptimizeMetric, run.BestMetric,
        run.ModelName is null || run.ModelVersion is null ? null : new ModelVersionReference(run.ModelName, run.ModelVersion.Value),
        run.PromotionRequestId, run.Error, run.Trigger, run.RequestedBy, run.QueuedAt, run.StartedAt, run.FinishedAt, run.ProgressDetail, run.Instance);
}
