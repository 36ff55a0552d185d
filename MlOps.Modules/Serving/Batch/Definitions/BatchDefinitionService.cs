using System.Security.Claims;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using MlOps.Modules.Platform.Contracts;
using MlOps.Modules.Serving.Batch.Jobs;
using MlOps.Modules.Serving.Batch.Schedules;
using MlOps.Modules.Serving.Contracts;
using MlOps.Modules.Serving.Data;

namespace MlOps.Modules.Serving.Batch.Definitions;

internal sealed class BatchDefinitionService(
    IDbContextFactory<ServingDbContext> contexts,
    IValidator<BatchDefinition> validator,
    BatchSourceChecks checks,
    BatchJobService jobs,
    BatchScheduler scheduler,
    IAuditLog audit,
    TimeProvider clock) : IBatchDefinitions
{
    private const int ShownFireTimes = 5;

    public async Task<Paged<BatchDefinitionDetails>> ListAsync(PageRequest page, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var total = await db.BatchDefinitions.CountAsync(cancellationToken);
        var records = await db.BatchDefinitions.AsNoTracking().OrderBy(d => d.Name).Skip(page.Skip).Take(page.PageSize).ToListAsync(cancellationToken);
        var names = records.Select(d => d.Name).ToList();
        var lastJobs = (await db.BatchJobs.AsNoTracking().Where(j => j.Definition != null && names.Contains(j.Definition)).ToListAsync(cancellationToken))
            .GroupBy(j => j.Definition!)
            .ToDictionary(g => g.Key, g => g.MaxBy(j => j.CreatedAt)!.ToInfo());
        return new Paged<BatchDefinitionDetails>(records.Select(d => Details(d, lastJobs.GetValueOrDefault(d.Name))).ToList(), page.Page, page.PageSize, total);
    }

    public async Task<BatchDefinitionDetails?> GetAsync(string name, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var record = await db.BatchDefinitions.AsNoTracking().SingleOrDefaultAsync(d => d.Name == name, cancellationToken);
        if (record is null) return null;
        var last = await db.BatchJobs.AsNoTracking().Where(j => j.Definition == name).OrderByDescending(j => j.CreatedAt).FirstOrDefaultAsync(cancellationToken);
        return Details(record, last?.ToInfo());
    }

    public Task<OperationResult<BatchDefinitionDetails>> CreateAsync(BatchDefinition definition, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        SaveAsync(null, definition, null, user, cancellationToken);

    public Task<OperationResult<BatchDefinitionDetails>> UpdateAsync(string name, BatchDefinition definition, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        SaveAsync(name, definition, null, user, cancellationToken);

    public async Task<OperationResult<BatchDefinitionDetails>> SaveYamlAsync(string? name, string yaml, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        BatchDefinition definition;
        try
        {
            definition = JsonOrYamlBody.Parse<BatchDefinition>(yaml, ServingJson.Options, "batch definition");
        }
        catch (FormatException error)
        {
            return OperationResult<BatchDefinitionDetails>.Fail(OperationError.Invalid, "yaml", error.Message);
        }

        return await SaveAsync(name, definition, yaml, user, cancellationToken);
    }

    /// <summary>Creates (<paramref name="name"/> null) or replaces a definition; when it came as YAML, each problem names its line.</summary>
    public async Task<OperationResult<BatchDefinitionDetails>> SaveAsync(string? name, BatchDefinition definition, string? yaml, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        // Checked here, not only at the route, because the Batch jobs page saves through this service too.
        if (definition.Schedule is not null && !user.IsInRole(Roles.Admin))
            return OperationResult<BatchDefinitionDetails>.Fail(OperationError.Forbidden, "schedule", "Only Admins manage schedules: leave 'schedule' out, or ask an Admin to add it.");
        var result = await SaveCheckedAsync(name, definition, user.ActorName(), cancellationToken);
        return result.Error == OperationError.Invalid && yaml is not null
            ? OperationResult<BatchDefinitionDetails>.Fail(OperationError.Invalid, WithLines(result.Problems, yaml))
            : result;
    }

    public async Task<OperationResult<BatchDefinitionDetails>> DeleteAsync(string name, string actor, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var record = await db.BatchDefinitions.SingleOrDefaultAsync(d => d.Name == name, cancellationToken);
        if (record is null) return NotFound(name);
        db.BatchDefinitions.Remove(record);
        await db.SaveChangesAsync(cancellationToken);
        await scheduler.ApplyAsync(name, null, cancellationToken);
        await audit.RecordAsync(new AuditEvent(actor, "batch-definition.deleted", "batch-definition", name), cancellationToken);
        return OperationResult<BatchDefinitionDetails>.Ok(Details(record, null));
    }

    public Task<OperationResult<BatchJobInfo>> RunAsync(string name, string actor, CancellationToken cancellationToken) =>
        StartAsync(name, BatchTriggers.RunNow, actor, cancellationToken);

    public string ToYaml(BatchDefinition definition) => ServingJson.ToYaml(definition);

    /// <summary>Queues a job of the definition, unless one is still queued or running: jobs of one definition never overlap.</summary>
    public async Task<OperationResult<BatchJobInfo>> StartAsync(string name, string trigger, string actor, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var record = await db.BatchDefinitions.AsNoTracking().SingleOrDefaultAsync(d => d.Name == name, cancellationToken);
        if (record is null) return OperationResult<BatchJobInfo>.Fail(OperationError.NotFound, "name", $"There is no batch definition '{name}'.");
        var active = await db.BatchJobs.AsNoTracking()
            .FirstOrDefaultAsync(j => j.Definition == name && (j.Status == BatchJobStatus.Queued || j.Status == BatchJobStatus.Running), cancellationToken);
        if (active is not null)
            return OperationResult<BatchJobInfo>.Fail(OperationError.Conflict, "name", $"Job {active.Id} of '{name}' is still {active.Status}; jobs of one definition never overlap.");

        var definition = ServingJson.Deserialize(record.DefinitionJson);
        var order = new BatchJobOrder(new ServingTarget(definition.Model, definition.Version, definition.Alias), definition.Source, null,
            (definition.Target ?? new BatchTarget()).FileName, trigger, name);
        return await jobs.CreateAsync(order, actor, cancellationToken);
    }

    private async Task<OperationResult<BatchDefinitionDetails>> SaveCheckedAsync(string? name, BatchDefinition definition, string actor, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (name is not null && definition.Name != name)
            return OperationResult<BatchDefinitionDetails>.Fail(OperationError.Invalid, "name", $"The definition's name '{definition.Name}' differs from '{name}' in the path; a definition cannot be renamed.");
        if (await ProblemsAsync(definition, cancellationToken) is { Count: > 0 } problems)
            return OperationResult<BatchDefinitionDetails>.Fail(OperationError.Invalid, problems);

        var record = await db.BatchDefinitions.SingleOrDefaultAsync(d => d.Name == definition.Name, cancellationToken);
        if (name is null && record is not null)
            return OperationResult<BatchDefinitionDetails>.Fail(OperationError.Conflict, "name", $"A batch definition named '{definition.Name}' already exists; PUT /api/v1/batch-definitions/{definition.Name} changes it.");
        if (name is not null && record is null) return NotFound(name);

        var now = clock.GetUtcNow().UtcDateTime;
        if (record is null)
        {
            record = new BatchDefinitionRecord { Name = definition.Name, DefinitionJson = "", Model = "", CreatedAt = now, CreatedBy = actor, UpdatedAt = now, UpdatedBy = actor };
            db.BatchDefinitions.Add(record);
        }

        (record.DefinitionJson, record.Model, record.Schedule, record.UpdatedAt, record.UpdatedBy) = (ServingJson.Serialize(definition), definition.Model, definition.Schedule, now, actor);
        await db.SaveChangesAsync(cancellationToken);
        await scheduler.ApplyAsync(record.Name, record.Schedule, cancellationToken);
        await audit.RecordAsync(new AuditEvent(actor, name is null ? "batch-definition.created" : "batch-definition.updated", "batch-definition", record.Name,
            $"{definition.Model} on {definition.Source.Dataset}{(definition.Schedule is null ? "" : $", schedule {definition.Schedule}")}"), cancellationToken);
        return OperationResult<BatchDefinitionDetails>.Ok(Details(record, null));
    }

    /// <summary>The shape first; then what only the registry and the datasets know.</summary>
    private async Task<Dictionary<string, string[]>> ProblemsAsync(BatchDefinition definition, CancellationToken cancellationToken)
    {
        var shape = await validator.ValidateAsync(definition, cancellationToken);
        if (!shape.IsValid) return shape.ToDictionary().ToDictionary();
        var model = await checks.ModelAsync(new ServingTarget(definition.Model, definition.Version, definition.Alias), cancellationToken);
        if (!model.Succeeded) return model.Problems.ToDictionary();
        var dataset = await checks.DatasetAsync(model.Value!, definition.Source, cancellationToken);
        return dataset.Succeeded ? [] : dataset.Problems.ToDictionary();
    }

    private static Dictionary<string, string[]> WithLines(IReadOnlyDictionary<string, string[]> problems, string yaml) =>
        problems.ToDictionary(p => p.Key, p => JsonOrYamlBody.LineOf(yaml, p.Key) is { } line ? p.Value.Select(m => $"{m} (line {line})").ToArray() : p.Value);

    private BatchDefinitionDetails Details(BatchDefinitionRecord record, BatchJobInfo? lastJob) => new(
        ServingJson.Deserialize(record.DefinitionJson),
        record.Schedule is null ? null : CronSchedule.Describe(record.Schedule),
        record.Schedule is null ? [] : CronSchedule.NextFireTimes(record.Schedule, clock.GetUtcNow(), ShownFireTimes),
        record.CreatedAt, record.CreatedBy, record.UpdatedAt, record.UpdatedBy, lastJob);

    private static OperationResult<BatchDefinitionDetails> NotFound(string name) =>
        OperationResult<BatchDefinitionDetails>.Fail(OperationError.NotFound, "name", $"There is no batch definition '{name}'.");
}
