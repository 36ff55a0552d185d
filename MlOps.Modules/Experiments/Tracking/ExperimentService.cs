using System.Text.Json;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MlOps.Modules.Experiments.Contracts;
using MlOps.Modules.Experiments.Data;
using MlOps.Modules.Experiments.LogBatch;
using MlOps.Modules.Experiments.SearchRuns;
using MlOps.Modules.Platform.Contracts;

namespace MlOps.Modules.Experiments.Tracking;

internal sealed class ExperimentService(
    IDbContextFactory<ExperimentsDbContext> contexts,
    RunLogWriter writer,
    RunReader reader,
    SharedDatabase database,
    IArtifactStore artifacts,
    IOptions<ExperimentsOptions> options,
    IValidator<RunLog> logValidator,
    IAuditLog audit,
    TimeProvider clock) : IExperimentCatalog, IExperimentTracker
{
    private const string ExperimentEntity = "experiment";
    private const string RunEntity = "run";

    public async Task<OperationResult<ExperimentSummary>> CreateExperimentAsync(NewExperiment experiment, string actor, CancellationToken cancellationToken)
    {
        var name = experiment.Name?.Trim() ?? "";
        if (name.Length is 0 or > TrackingLimits.MaxNameLength)
            return OperationResult<ExperimentSummary>.Fail(OperationError.Invalid, "name", $"A name is 1 to {TrackingLimits.MaxNameLength} characters.");
        if (!Names.IsPrintable(name)) return OperationResult<ExperimentSummary>.Fail(OperationError.Invalid, "name", Names.ControlCharacterRule);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await db.Experiments.AnyAsync(e => e.Name == name, cancellationToken))
            return OperationResult<ExperimentSummary>.Fail(OperationError.Conflict, "name", $"An experiment named '{name}' already exists.");
        var record = new ExperimentRecord
        {
            Name = name,
            Description = experiment.Description,
            TagsJson = JsonSerializer.Serialize(experiment.Tags ?? new Dictionary<string, string>()),
            CreatedAt = clock.GetUtcNow().UtcDateTime,
            CreatedBy = actor,
        };
        db.Experiments.Add(record);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            return OperationResult<ExperimentSummary>.Fail(OperationError.Conflict, "name", $"An experiment named '{name}' already exists.");
        }

        await audit.RecordAsync(new AuditEvent(actor, "experiment.created", ExperimentEntity, Ids.Format(record.Id), name), cancellationToken);
        return OperationResult<ExperimentSummary>.Ok(Summarize(record, 0));
    }

    public async Task<ExperimentSummary> GetOrCreateExperimentAsync(string name, string actor, CancellationToken cancellationToken)
    {
        var created = await CreateExperimentAsync(new NewExperiment(name), actor, cancellationToken);
        if (created.Succeeded) return created.Value!;
        if (created.Error != OperationError.Conflict) throw new ArgumentException(string.Join(" ", created.Problems.Values.SelectMany(m => m)), nameof(name));
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var existing = await db.Experiments.AsNoTracking().SingleAsync(e => e.Name == name.Trim(), cancellationToken);
        return Summarize(existing, await CountActiveRunsAsync(db, existing.Id, cancellationToken));
    }

    public async Task<Paged<ExperimentSummary>> ListExperimentsAsync(string? search, LifecycleView view, PageRequest page, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = view switch
        {
            LifecycleView.ActiveOnly => db.Experiments.AsNoTracking().Where(e => e.DeletedAt == null),
            LifecycleView.DeletedOnly => db.Experiments.AsNoTracking().Where(e => e.DeletedAt != null),
            _ => db.Experiments.AsNoTracking(),
        };
        if (!string.IsNullOrWhiteSpace(search)) query = query.Where(e => e.Name.Contains(search.Trim()));
        var total = await query.CountAsync(cancellationToken);
        var records = await query.OrderByDescending(e => e.Id).Skip(page.Skip).Take(page.PageSize).ToListAsync(cancellationToken);
        var ids = records.Select(e => e.Id).ToList();
        var counts = await db.Runs.Where(r => ids.Contains(r.ExperimentId) && r.DeletedAt == null).GroupBy(r => r.ExperimentId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        return new Paged<ExperimentSummary>(records.Select(e => Summarize(e, counts.GetValueOrDefault(e.Id))).ToList(), page.Page, page.PageSize, total);
    }

    public async Task<ExperimentSummary?> GetExperimentAsync(string id, CancellationToken cancellationToken)
    {
        if (!Ids.TryParse(id, out var experimentId)) return null;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var record = await db.Experiments.AsNoTracking().SingleOrDefaultAsync(e => e.Id == experimentId, cancellationToken);
        return record is null ? null : Summarize(record, await CountActiveRunsAsync(db, experimentId, cancellationToken));
    }

    public async Task<ExperimentSummary?> GetExperimentByNameAsync(string name, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var record = await db.Experiments.AsNoTracking().SingleOrDefaultAsync(e => e.Name == name, cancellationToken);
        return record is null ? null : Summarize(record, await CountActiveRunsAsync(db, record.Id, cancellationToken));
    }

    public async Task<OperationResult<ExperimentSummary>> RenameExperimentAsync(string experimentId, string newName, string actor, CancellationToken cancellationToken)
    {
        var name = newName?.Trim() ?? "";
        if (name.Length is 0 or > TrackingLimits.MaxNameLength)
            return OperationResult<ExperimentSummary>.Fail(OperationError.Invalid, "name", $"A name is 1 to {TrackingLimits.MaxNameLength} characters.");
        if (!Ids.TryParse(experimentId, out var id))
            return OperationResult<ExperimentSummary>.Fail(OperationError.NotFound, "experimentId", $"There is no experiment {experimentId}.");
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var record = await db.Experiments.SingleOrDefaultAsync(e => e.Id == id, cancellationToken);
        if (record is null)
            return OperationResult<ExperimentSummary>.Fail(OperationError.NotFound, "experimentId", $"There is no experiment {experimentId}.");
        if (await db.Experiments.AnyAsync(e => e.Name == name && e.Id != id, cancellationToken))
            return OperationResult<ExperimentSummary>.Fail(OperationError.Conflict, "name", $"An experiment named '{name}' already exists.");
        var previous = record.Name;
        record.Name = name;
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync(new AuditEvent(actor, "experiment.renamed", ExperimentEntity, experimentId, $"{previous} -> {name}"), cancellationToken);
        return OperationResult<ExperimentSummary>.Ok(Summarize(record, await CountActiveRunsAsync(db, id, cancellationToken)));
    }

    public async Task<OperationResult<ExperimentSummary>> SetExperimentLifecycleAsync(string experimentId, LifecycleStage stage, string actor, CancellationToken cancellationToken)
    {
        if (!Ids.TryParse(experimentId, out var id))
            return OperationResult<ExperimentSummary>.Fail(OperationError.NotFound, "experimentId", $"There is no experiment {experimentId}.");
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var record = await db.Experiments.SingleOrDefaultAsync(e => e.Id == id, cancellationToken);
        if (record is null)
            return OperationResult<ExperimentSummary>.Fail(OperationError.NotFound, "experimentId", $"There is no experiment {experimentId}.");
        if (StageOf(record.DeletedAt) == stage)
            return OperationResult<ExperimentSummary>.Fail(OperationError.Conflict, "experimentId", $"Experiment {experimentId} is already {stage.ToString().ToLowerInvariant()}.");

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        int runs;
        if (stage == LifecycleStage.Deleted)
        {
            var now = clock.GetUtcNow();
            record.DeletedAt = now.UtcDateTime;
            var at = now.ToUnixTimeMilliseconds();
            runs = await db.Runs.Where(r => r.ExperimentId == id && r.DeletedAt == null).ExecuteUpdateAsync(s => s.SetProperty(r => r.DeletedAt, at), cancellationToken);
        }
        else
        {
            // Runs deleted on their own before the experiment stay deleted.
            var deletedAt = new DateTimeOffset(DateTime.SpecifyKind(record.DeletedAt!.Value, DateTimeKind.Utc)).ToUnixTimeMilliseconds();
            record.DeletedAt = null;
            runs = await db.Runs.Where(r => r.ExperimentId == id && r.DeletedAt >= deletedAt).ExecuteUpdateAsync(s => s.SetProperty(r => r.DeletedAt, (long?)null), cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await audit.RecordAsync(new AuditEvent(actor, $"experiment.{Words(stage)}", ExperimentEntity, experimentId,
            $"{record.Name} with {runs} run(s)"), cancellationToken);
        return OperationResult<ExperimentSummary>.Ok(Summarize(record, await CountActiveRunsAsync(db, id, cancellationToken)));
    }

    public async Task<OperationResult<RunDetails>> SetRunLifecycleAsync(string runId, LifecycleStage stage, string actor, CancellationToken cancellationToken)
    {
        if (!Ids.TryParse(runId, out var id)) return RunNotFound<RunDetails>(runId);
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            var run = await db.Runs.SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
            if (run is null) return RunNotFound<RunDetails>(runId);
            if (StageOf(run.DeletedAt) == stage)
                return OperationResult<RunDetails>.Fail(OperationError.Conflict, "runId", $"Run {runId} is already {stage.ToString().ToLowerInvariant()}.");
            if (stage == LifecycleStage.Active && await db.Experiments.AnyAsync(e => e.Id == run.ExperimentId && e.DeletedAt != null, cancellationToken))
                return OperationResult<RunDetails>.Fail(OperationError.Conflict, "runId", $"Run {runId} belongs to the deleted experiment {Ids.Format(run.ExperimentId)}; restore the experiment first.");
            run.DeletedAt = stage == LifecycleStage.Deleted ? clock.GetUtcNow().ToUnixTimeMilliseconds() : null;
            await db.SaveChangesAsync(cancellationToken);
        }

        await audit.RecordAsync(new AuditEvent(actor, $"run.{Words(stage)}", RunEntity, runId, null), cancellationToken);
        return OperationResult<RunDetails>.Ok((await reader.GetAsync(id, cancellationToken))!);
    }

    public async Task<OperationResult<string>> DeleteTagAsync(string runId, string key, string actor, CancellationToken cancellationToken)
    {
        if (!Ids.TryParse(runId, out var id)) return RunNotFound<string>(runId);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!await db.Runs.AnyAsync(r => r.Id == id, cancellationToken)) return RunNotFound<string>(runId);
        if (await db.Tags.Where(t => t.RunId == id && t.Key == key).ExecuteDeleteAsync(cancellationToken) == 0)
            return OperationResult<string>.Fail(OperationError.NotFound, "key", $"Run {runId} has no tag '{key}'.");
        await audit.RecordAsync(new AuditEvent(actor, "run.tag-deleted", RunEntity, runId, key), cancellationToken);
        return OperationResult<string>.Ok(key);
    }

    public async Task<ExperimentKeys> GetKeysAsync(string experimentId, CancellationToken cancellationToken)
    {
        if (!Ids.TryParse(experimentId, out var id)) return new ExperimentKeys([], [], []);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var keys = await db.Keys.AsNoTracking().Where(k => k.ExperimentId == id).OrderBy(k => k.Key).ToListAsync(cancellationToken);
        List<string> Of(KeyKind kind) => keys.Where(k => k.Kind == kind).Select(k => k.Key).ToList();
        return new ExperimentKeys(Of(KeyKind.Metric), Of(KeyKind.Param), Of(KeyKind.Tag));
    }

    public async Task<RunDetails?> GetRunAsync(string runId, CancellationToken cancellationToken) =>
        Ids.TryParse(runId, out var id) ? await reader.GetAsync(id, cancellationToken) : null;

    public async Task<OperationResult<Paged<RunDetails>>> SearchRunsAsync(RunQuery query, CancellationToken cancellationToken)
    {
        var experimentIds = new List<long>();
        foreach (var experimentId in query.ExperimentIds)
        {
            if (!Ids.TryParse(experimentId, out var id))
                return OperationResult<Paged<RunDetails>>.Fail(OperationError.Invalid, "experimentIds", $"'{experimentId}' is not an experiment id.");
            experimentIds.Add(id);
        }

        FilterNode? filter;
        try
        {
            filter = FilterParser.Parse(query.Filter);
        }
        catch (FilterSyntaxException error)
        {
            return OperationResult<Paged<RunDetails>>.Fail(OperationError.Invalid, "filter", error.Message);
        }

        var order = new List<OrderTerm>();
        for (var i = 0; i < (query.OrderBy?.Count ?? 0); i++)
        {
            try
            {
                order.Add(FilterParser.ParseOrder(query.OrderBy![i]));
            }
            catch (FilterSyntaxException error)
            {
                return OperationResult<Paged<RunDetails>>.Fail(OperationError.Invalid, $"orderBy[{i}]", error.Message);
            }
        }

        var sql = RunSearchSql.Build(experimentIds, filter, order, query.View, database.Provider);
        return OperationResult<Paged<RunDetails>>.Ok(await reader.SearchAsync(sql, query.Page, cancellationToken));
    }

    public async Task<MetricHistory?> GetMetricHistoryAsync(string runId, string key, CancellationToken cancellationToken)
    {
        if (!Ids.TryParse(runId, out var id)) return null;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!await db.Runs.AnyAsync(r => r.Id == id, cancellationToken)) return null;
        var chunks = await db.MetricChunks.AsNoTracking()
            .Where(c => c.RunId == id && c.Key == key)
            .Select(c => c.Points)
            .ToListAsync(cancellationToken);
        return new MetricHistory(key, MetricPoints.History(chunks));
    }

    public async Task<OperationResult<IReadOnlyList<ArtifactInfo>>> ListArtifactsAsync(string runId, string? path, CancellationToken cancellationToken)
    {
        ArtifactPath? folder = null;
        if (!string.IsNullOrEmpty(path))
        {
            if (!ArtifactPath.TryParse(path, out var parsed, out var error))
                return OperationResult<IReadOnlyList<ArtifactInfo>>.Fail(OperationError.Invalid, "path", error);
            folder = parsed;
        }

        if (!Ids.TryParse(runId, out var id)) return RunNotFound<IReadOnlyList<ArtifactInfo>>(runId);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!await db.Runs.AnyAsync(r => r.Id == id, cancellationToken)) return RunNotFound<IReadOnlyList<ArtifactInfo>>(runId);
        var prefix = folder is null ? "" : folder.Value + "/";
        var stored = await db.Artifacts.AsNoTracking().Where(a => a.RunId == id).ToListAsync(cancellationToken);
        var entries = stored
            .Where(a => a.Path.StartsWith(prefix, StringComparison.Ordinal))
            .Select(a => (Artifact: a, Remainder: a.Path[prefix.Length..]))
            .GroupBy(a => a.Remainder.Split('/')[0], StringComparer.Ordinal)
            .Select(g => g.Any(a => a.Remainder.Contains('/'))
                ? new ArtifactInfo(prefix + g.Key, true, null, null)
                : new ArtifactInfo(prefix + g.Key, false, g.First().Artifact.Size, g.First().Artifact.Sha256))
            .OrderBy(e => !e.IsDirectory).ThenBy(e => e.Path, StringComparer.Ordinal)
            .ToList();
        return OperationResult<IReadOnlyList<ArtifactInfo>>.Ok(entries);
    }

    public async Task<OperationResult<RunCreated>> CreateRunAsync(string experimentId, NewRun run, string actor, CancellationToken cancellationToken)
    {
        var initial = new RunLog(
            Params: run.Params?.Select(p => new KeyValue(p.Key, p.Value)).ToList(),
            Tags: run.Tags?.Select(t => new KeyValue(t.Key, t.Value)).ToList());
        if (Invalid<RunCreated>(await logValidator.ValidateAsync(initial, cancellationToken)) is { } invalid) return invalid;
        if (run.Name is { Length: > TrackingLimits.MaxNameLength })
            return OperationResult<RunCreated>.Fail(OperationError.Invalid, "name", $"A run name is at most {TrackingLimits.MaxNameLength} characters.");
        if (!Names.IsPrintable(run.Name)) return OperationResult<RunCreated>.Fail(OperationError.Invalid, "name", Names.ControlCharacterRule);
        if (!Ids.TryParse(experimentId, out var experiment))
            return OperationResult<RunCreated>.Fail(OperationError.NotFound, "experimentId", $"There is no experiment {experimentId}.");

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var deletedAt = await db.Experiments.Where(e => e.Id == experiment).Select(e => new { e.DeletedAt }).SingleOrDefaultAsync(cancellationToken);
        if (deletedAt is null)
            return OperationResult<RunCreated>.Fail(OperationError.NotFound, "experimentId", $"There is no experiment {experimentId}.");
        if (deletedAt.DeletedAt is not null)
            return OperationResult<RunCreated>.Fail(OperationError.Invalid, "experimentId", $"Experiment {experimentId} is deleted; restore it before starting runs in it.");
        var now = clock.GetUtcNow();
        var record = new RunRecord
        {
            ExperimentId = experiment,
            Name = string.IsNullOrWhiteSpace(run.Name) ? $"run-{now:yyyyMMdd-HHmmss-fff}" : run.Name.Trim(),
            Status = RunStatus.Running,
            StartTime = now.ToUnixTimeMilliseconds(),
            CreatedBy = actor,
        };
        db.Runs.Add(record);
        await db.SaveChangesAsync(cancellationToken);
        if (initial.Params is { Count: > 0 } || initial.Tags is { Count: > 0 })
        {
            var logged = await writer.WriteAsync(record.Id, initial, cancellationToken);
            if (!logged.Succeeded) return OperationResult<RunCreated>.Fail(logged.Error, logged.Problems);
        }
        await audit.RecordAsync(new AuditEvent(actor, "run.created", RunEntity, Ids.Format(record.Id), $"experiment {experimentId}: {record.Name}"), cancellationToken);
        return OperationResult<RunCreated>.Ok(new RunCreated(Ids.Format(record.Id), experimentId, record.Name, record.Status, UnixTime.FromMilliseconds(record.StartTime)));
    }

    public async Task<OperationResult<LogReceipt>> LogAsync(string runId, RunLog log, string actor, CancellationToken cancellationToken)
    {
        if (Invalid<LogReceipt>(await logValidator.ValidateAsync(log, cancellationToken)) is { } invalid) return invalid;
        if (!Ids.TryParse(runId, out var id)) return RunNotFound<LogReceipt>(runId);
        var written = await writer.WriteAsync(id, log, cancellationToken);
        if (written.Succeeded)
        {
            await audit.RecordAsync(new AuditEvent(actor, "run.logged", RunEntity, runId,
                $"{written.Value!.Metrics} metrics, {written.Value.Params} params, {written.Value.Tags} tags"), cancellationToken);
        }

        return written;
    }

    public async Task<OperationResult<RunDetails>> UpdateRunAsync(string runId, RunUpdate update, string actor, CancellationToken cancellationToken)
    {
        if (update.Status == RunStatus.Running)
            return OperationResult<RunDetails>.Fail(OperationError.Invalid, "status", "A run can only be set to Finished, Failed or Killed.");
        if (update.Name is not null && (string.IsNullOrWhiteSpace(update.Name) || update.Name.Length > TrackingLimits.MaxNameLength))
            return OperationResult<RunDetails>.Fail(OperationError.Invalid, "name", $"A run name is 1 to {TrackingLimits.MaxNameLength} characters.");
        if (!Names.IsPrintable(update.Name)) return OperationResult<RunDetails>.Fail(OperationError.Invalid, "name", Names.ControlCharacterRule);
        if (!Ids.TryParse(runId, out var id)) return RunNotFound<RunDetails>(runId);
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            var run = await db.Runs.SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
            if (run is null) return RunNotFound<RunDetails>(runId);
            if (update.Status is { } status)
            {
                run.Status = status;
                run.EndTime = clock.GetUtcNow().ToUnixTimeMilliseconds();
            }

            if (update.Name is not null) run.Name = update.Name.Trim();
            await db.SaveChangesAsync(cancellationToken);
        }

        await audit.RecordAsync(new AuditEvent(actor, "run.updated", RunEntity, runId,
            string.Join(", ", new[] { update.Status is null ? null : $"status {update.Status}", update.Name is null ? null : $"name {update.Name.Trim()}" }.OfType<string>())), cancellationToken);
        return OperationResult<RunDetails>.Ok((await reader.GetAsync(id, cancellationToken))!);
    }

    public async Task<OperationResult<ArtifactInfo>> AttachArtifactAsync(string runId, string path, Stream content, string actor, CancellationToken cancellationToken)
    {
        if (!ArtifactPath.TryParse(path, out var relative, out var error))
            return OperationResult<ArtifactInfo>.Fail(OperationError.Invalid, "path", error);
        if (!Ids.TryParse(runId, out var id)) return RunNotFound<ArtifactInfo>(runId);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!await db.Runs.AnyAsync(r => r.Id == id, cancellationToken)) return RunNotFound<ArtifactInfo>(runId);
        var existing = await db.Artifacts.Where(a => a.RunId == id).Select(a => a.Path).ToListAsync(cancellationToken);
        if (existing.FirstOrDefault(other => other.StartsWith(relative.Value + "/", StringComparison.Ordinal) || relative.Value.StartsWith(other + "/", StringComparison.Ordinal)) is { } clash)
            return OperationResult<ArtifactInfo>.Fail(OperationError.Conflict, "path", $"'{relative.Value}' would turn '{clash}' into a folder or a file; choose another path.");

        var stored = await artifacts.SaveAsync(StorePath(id, relative), content, options.Value.MaxArtifactBytes, cancellationToken);
        var record = await db.Artifacts.SingleOrDefaultAsync(a => a.RunId == id && a.Path == relative.Value, cancellationToken);
        if (record is null)
        {
            record = new RunArtifactRecord { RunId = id, Path = relative.Value, Sha256 = stored.Sha256 };
            db.Artifacts.Add(record);
        }

        record.Size = stored.Size;
        record.Sha256 = stored.Sha256;
        record.StoredAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync(new AuditEvent(actor, "artifact.stored", RunEntity, runId, $"{relative.Value} ({stored.Size} bytes, sha256 {stored.Sha256})"), cancellationToken);
        return OperationResult<ArtifactInfo>.Ok(new ArtifactInfo(relative.Value, false, stored.Size, stored.Sha256));
    }

    public async Task<OperationResult<string>> DeleteArtifactAsync(string runId, string path, string actor, CancellationToken cancellationToken)
    {
        if (!ArtifactPath.TryParse(path, out var relative, out var error))
            return OperationResult<string>.Fail(OperationError.Invalid, "path", error);
        if (!Ids.TryParse(runId, out var id)) return RunNotFound<string>(runId);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var folder = relative.Value + "/";
        var removed = await db.Artifacts.Where(a => a.RunId == id && (a.Path == relative.Value || a.Path.StartsWith(folder))).ExecuteDeleteAsync(cancellationToken);
        if (removed == 0) return OperationResult<string>.Fail(OperationError.NotFound, "path", $"Run {runId} has no artifact '{relative.Value}'.");
        await artifacts.DeleteTreeAsync(StorePath(id, relative), CancellationToken.None);
        await audit.RecordAsync(new AuditEvent(actor, "artifact.deleted", RunEntity, runId, $"{relative.Value} ({removed} file(s))"), cancellationToken);
        return OperationResult<string>.Ok(relative.Value);
    }

    public async Task<OperationResult<Stream>> OpenArtifactAsync(string runId, string path, CancellationToken cancellationToken)
    {
        if (!ArtifactPath.TryParse(path, out var relative, out var error))
            return OperationResult<Stream>.Fail(OperationError.Invalid, "path", error);
        if (!Ids.TryParse(runId, out var id)) return RunNotFound<Stream>(runId);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var known = await db.Artifacts.AnyAsync(a => a.RunId == id && a.Path == relative.Value, cancellationToken);
        var stream = known ? await artifacts.OpenReadAsync(StorePath(id, relative), cancellationToken) : null;
        return stream is null
            ? OperationResult<Stream>.Fail(OperationError.NotFound, "path", $"Run {runId} has no artifact '{relative.Value}'.")
            : OperationResult<Stream>.Ok(stream);
    }

    private static ArtifactPath StorePath(long runId, ArtifactPath relative) =>
        ArtifactPath.Parse($"experiments/runs/{Ids.Format(runId)}").Combine(relative);

    private static OperationResult<T> RunNotFound<T>(string runId) =>
        OperationResult<T>.Fail(OperationError.NotFound, "runId", $"There is no run {runId}.");

    private static OperationResult<T>? Invalid<T>(FluentValidation.Results.ValidationResult result) =>
        result.IsValid ? null : OperationResult<T>.Fail(OperationError.Invalid, result.ToDictionary().AsReadOnly());

    private static Task<int> CountActiveRunsAsync(ExperimentsDbContext db, long experimentId, CancellationToken cancellationToken) =>
        db.Runs.CountAsync(r => r.ExperimentId == experimentId && r.DeletedAt == null, cancellationToken);

    private static LifecycleStage StageOf<T>(T? deletedAt) where T : struct => deletedAt is null ? LifecycleStage.Active : LifecycleStage.Deleted;

    private static string Words(LifecycleStage stage) => stage == LifecycleStage.Deleted ? "deleted" : "restored";

    private static ExperimentSummary Summarize(ExperimentRecord record, int runCount) => new(
        Ids.Format(record.Id),
        record.Name,
        record.Description,
        JsonSerializer.Deserialize<Dictionary<string, string>>(record.TagsJson) ?? [],
        record.CreatedAt,
        record.CreatedBy,
        runCount,
        StageOf(record.DeletedAt));
}
