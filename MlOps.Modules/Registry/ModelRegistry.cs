using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MlOps.Modules.Platform.Contracts;
using MlOps.Modules.Registry.Artifacts;
using MlOps.Modules.Registry.Contracts;
using MlOps.Modules.Registry.Data;

namespace MlOps.Modules.Registry;

internal sealed class ModelRegistry(
    IDbContextFactory<RegistryDbContext> contexts,
    IArtifactStore artifacts,
    ModelArchiveInspector inspector,
    IAuditLog audit,
    IEnumerable<IModelPromotionListener> listeners,
    IOptions<RegistryOptions> options,
    TimeProvider clock,
    ILogger<ModelRegistry> logger) : IModelRegistry
{
    private const string Production = IModelRegistry.ProductionAlias;

    public async Task<OperationResult<ModelVersionDetails>> RegisterVersionAsync(
        NewModelVersion version, Stream artifact, string actor, CancellationToken cancellationToken)
    {
        if (!RegistryNames.IsModelName(version.ModelName))
            return OperationResult<ModelVersionDetails>.Fail(OperationError.Invalid, "name", RegistryNames.ModelNameRule);
        if (string.IsNullOrWhiteSpace(version.Task))
            return OperationResult<ModelVersionDetails>.Fail(OperationError.Invalid, "task", "Name the task the model was trained for.");

        var folder = ArtifactPath.Parse($"registry/models/{version.ModelName}/{Guid.CreateVersion7():N}");
        var path = folder.Combine(ArtifactPath.Parse("model.zip"));
        ModelVersionDetails details;
        bool modelCreated;
        try
        {
            var stored = await artifacts.SaveAsync(path, artifact, options.Value.MaxArtifactBytes, cancellationToken);
            InspectedModel? inspected;
            string? problem;
            await using (var file = artifacts.OpenRead(path) ?? throw new InvalidOperationException("The artifact just stored cannot be read back."))
                (inspected, problem) = await inspector.InspectAsync(file, cancellationToken);
            if (inspected is null)
            {
                artifacts.DeleteTree(folder);
                return OperationResult<ModelVersionDetails>.Fail(OperationError.Invalid, "artifact", problem!);
            }

            (details, modelCreated) = await StoreVersionAsync(version, inspected, stored, actor, cancellationToken);
        }
        catch (ArtifactTooLargeException e)
        {
            return OperationResult<ModelVersionDetails>.Fail(OperationError.Invalid, "artifact", e.Message);
        }
        catch
        {
            artifacts.DeleteTree(folder);
            throw;
        }

        if (modelCreated)
            await audit.RecordAsync(new AuditEvent(actor, "model.created", "model", details.Name, version.ModelDescription), cancellationToken);
        await audit.RecordAsync(new AuditEvent(actor, "model.version-registered", "model", details.Name,
            $"version {details.Version}, run {details.RunId ?? "none"}, sha256 {details.Artifact.Sha256}"), cancellationToken);
        return OperationResult<ModelVersionDetails>.Ok(details);
    }

    public async Task<OperationResult<VerifiedModel>> LoadAsync(string name, ModelSelector selector, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var record = await FindVersionAsync(db, name, selector, cancellationToken);
        if (record is null)
            return OperationResult<VerifiedModel>.Fail(OperationError.NotFound, "version", $"Model '{name}' has no {selector}.");

        var (content, problem) = await ReadVerifiedAsync(record, cancellationToken);
        if (problem is not null)
        {
            logger.LogError("Refused to load model {Model} version {Version}: {Problem}", record.ModelName, record.Version, problem);
            return OperationResult<VerifiedModel>.Fail(OperationError.Conflict, "artifact", problem);
        }

        var aliases = await AliasesByVersionAsync(db, name, cancellationToken);
        return OperationResult<VerifiedModel>.Ok(new VerifiedModel(ToDetails(record, aliases), content));
    }

    public async Task<Paged<ModelSummary>> ListModelsAsync(string? search, PageRequest page, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var models = db.Models.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search)) models = models.Where(m => EF.Functions.Like(m.Name, $"%{search.Trim()}%"));
        var total = await models.CountAsync(cancellationToken);
        var items = await models.OrderByDescending(m => m.UpdatedAt).ThenBy(m => m.Name).Skip(page.Skip).Take(page.PageSize).ToListAsync(cancellationToken);
        var names = items.Select(m => m.Name).ToList();
        var aliases = await db.Aliases.AsNoTracking().Where(a => names.Contains(a.ModelName)).ToListAsync(cancellationToken);
        return new Paged<ModelSummary>(items.Select(m => ToSummary(m, aliases.Where(a => a.ModelName == m.Name))).ToList(), page.Page, page.PageSize, total);
    }

    public async Task<ModelSummary?> GetModelAsync(string name, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var model = await db.Models.AsNoTracking().FirstOrDefaultAsync(m => m.Name == name, cancellationToken);
        if (model is null) return null;
        var aliases = await db.Aliases.AsNoTracking().Where(a => a.ModelName == name).ToListAsync(cancellationToken);
        return ToSummary(model, aliases);
    }

    public async Task<Paged<ModelVersionDetails>?> ListVersionsAsync(string name, PageRequest page, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!await db.Models.AnyAsync(m => m.Name == name, cancellationToken)) return null;
        var versions = db.Versions.AsNoTracking().Where(v => v.ModelName == name);
        var total = await versions.CountAsync(cancellationToken);
        var items = await versions.OrderByDescending(v => v.Version).Skip(page.Skip).Take(page.PageSize).ToListAsync(cancellationToken);
        var aliases = await AliasesByVersionAsync(db, name, cancellationToken);
        return new Paged<ModelVersionDetails>(items.Select(v => ToDetails(v, aliases)).ToList(), page.Page, page.PageSize, total);
    }

    public async Task<ModelVersionDetails?> GetVersionAsync(string name, ModelSelector selector, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var record = await FindVersionAsync(db, name, selector, cancellationToken);
        return record is null ? null : ToDetails(record, await AliasesByVersionAsync(db, name, cancellationToken));
    }

    public async Task<OperationResult<ModelAlias>> SetAliasAsync(string name, string alias, int version, string actor, CancellationToken cancellationToken)
    {
        if (!RegistryNames.IsAlias(alias))
            return OperationResult<ModelAlias>.Fail(OperationError.Invalid, "alias", RegistryNames.AliasRule);
        if (alias == Production)
        {
            return OperationResult<ModelAlias>.Fail(OperationError.Conflict, "alias",
                $"The production alias moves only through an approved promotion: POST /api/v1/models/{name}/promotions with {{version, alias:\"production\", reason}}.");
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!await db.Versions.AnyAsync(v => v.ModelName == name && v.Version == version, cancellationToken))
            return OperationResult<ModelAlias>.Fail(OperationError.NotFound, "version", $"Model '{name}' has no version {version}.");

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var previous = await MoveAliasAsync(db, name, alias, version, actor, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await audit.RecordAsync(new AuditEvent(actor, "model.alias-set", "model", name,
            $"{alias} -> version {version}{(previous is { } p ? $" (was {p})" : "")}"), cancellationToken);
        await NotifyAsync(new ModelPromoted(name, alias, version, previous, null, actor, clock.GetUtcNow().UtcDateTime), cancellationToken);
        return OperationResult<ModelAlias>.Ok(new ModelAlias(name, alias, version));
    }

    public async Task<OperationResult<PromotionRequest>> RequestPromotionAsync(
        string name, int version, string reason, string actor, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(reason) || reason.Length > RegistryNames.MaxTextLength)
            return OperationResult<PromotionRequest>.Fail(OperationError.Invalid, "reason", "Give a reason of at most 2000 characters.");

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (!await db.Versions.AnyAsync(v => v.ModelName == name && v.Version == version, cancellationToken))
            return OperationResult<PromotionRequest>.Fail(OperationError.NotFound, "version", $"Model '{name}' has no version {version}.");
        var current = await db.Aliases.AsNoTracking().Where(a => a.ModelName == name && a.Alias == Production).Select(a => (int?)a.Version).FirstOrDefaultAsync(cancellationToken);
        if (current == version)
            return OperationResult<PromotionRequest>.Fail(OperationError.Conflict, "version", $"Version {version} of '{name}' is already in production.");
        if (await db.Promotions.AnyAsync(p => p.ModelName == name && p.Version == version && p.Status == PromotionStatus.Pending, cancellationToken))
            return OperationResult<PromotionRequest>.Fail(OperationError.Conflict, "version", $"Version {version} of '{name}' already has a pending promotion request.");

        var record = new PromotionRecord
        {
            Id = Guid.CreateVersion7().ToString("N"),
            ModelName = name,
            Version = version,
            Alias = Production,
            PreviousVersion = current,
            Reason = reason.Trim(),
            Status = PromotionStatus.Pending,
            RequestedBy = actor,
            RequestedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.Promotions.Add(record);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await audit.RecordAsync(new AuditEvent(actor, "promotion.requested", "promotion", record.Id,
            $"{name} version {version} to {Production}: {record.Reason}"), cancellationToken);
        return OperationResult<PromotionRequest>.Ok(ToRequest(record));
    }

    public async Task<Paged<PromotionRequest>> ListPromotionsAsync(PromotionQuery query, PageRequest page, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var promotions = db.Promotions.AsNoTracking();
        if (query.Status is { } status) promotions = promotions.Where(p => p.Status == status);
        if (!string.IsNullOrWhiteSpace(query.ModelName)) promotions = promotions.Where(p => p.ModelName == query.ModelName);
        var total = await promotions.CountAsync(cancellationToken);
        var items = await promotions.OrderByDescending(p => p.RequestedAt).ThenByDescending(p => p.Id).Skip(page.Skip).Take(page.PageSize).ToListAsync(cancellationToken);
        return new Paged<PromotionRequest>(items.Select(ToRequest).ToList(), page.Page, page.PageSize, total);
    }

    public async Task<PromotionRequest?> GetPromotionAsync(string id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var record = await db.Promotions.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        return record is null ? null : ToRequest(record);
    }

    public async Task<int> CountPendingPromotionsAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Promotions.CountAsync(p => p.Status == PromotionStatus.Pending, cancellationToken);
    }

    public async Task<PromotionDecision> ApproveAsync(string id, string? comment, string actor, CancellationToken cancellationToken)
    {
        if (comment?.Length > RegistryNames.MaxTextLength) return Refuse(PromotionDecisionError.Invalid, "A comment holds at most 2000 characters.");
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var request = await db.Promotions.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (CheckDecidable(request, actor) is { } refusal) return refusal;

        var version = await db.Versions.AsNoTracking().FirstAsync(v => v.ModelName == request!.ModelName && v.Version == request.Version, cancellationToken);
        var (_, integrityProblem) = await ReadVerifiedAsync(version, cancellationToken);
        if (integrityProblem is not null) return Refuse(PromotionDecisionError.Invalid, $"This version cannot go to production: {integrityProblem}");

        var now = clock.GetUtcNow().UtcDateTime;
        comment = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Writing the model's row first makes approvals for one model take turns on every provider (SQLite's single
        // writer, PostgreSQL's row lock); the status condition then makes a racing second decision update nothing.
        await db.Models.Where(m => m.Name == request!.ModelName).ExecuteUpdateAsync(s => s.SetProperty(m => m.UpdatedAt, now), cancellationToken);
        var decided = await db.Promotions.Where(p => p.Id == id && p.Status == PromotionStatus.Pending)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.Status, PromotionStatus.Approved).SetProperty(p => p.DecidedBy, actor)
                .SetProperty(p => p.DecidedAt, now).SetProperty(p => p.Comment, comment), cancellationToken);
        if (decided == 0) return await NoLongerPendingAsync(db, id, cancellationToken);

        var others = db.Promotions.Where(p => p.ModelName == request!.ModelName && p.Alias == request.Alias && p.Status == PromotionStatus.Pending && p.Id != id);
        var supersededIds = await others.Select(p => p.Id).ToListAsync(cancellationToken);
        await others.ExecuteUpdateAsync(s => s.SetProperty(p => p.Status, PromotionStatus.Superseded).SetProperty(p => p.DecidedBy, actor)
            .SetProperty(p => p.DecidedAt, now).SetProperty(p => p.Comment, $"Superseded by the approval of request {id}."), cancellationToken);
        var previous = await MoveAliasAsync(db, request!.ModelName, request.Alias, request.Version, actor, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        await audit.RecordAsync(new AuditEvent(actor, "promotion.approved", "promotion", id, comment), cancellationToken);
        foreach (var superseded in supersededIds)
            await audit.RecordAsync(new AuditEvent(actor, "promotion.superseded", "promotion", superseded, $"by {id}"), cancellationToken);
        await audit.RecordAsync(new AuditEvent(actor, "model.promoted", "model", request.ModelName,
            $"{request.Alias} -> version {request.Version}{(previous is { } p ? $" (was {p})" : "")}, request {id} by {request.RequestedBy}"), cancellationToken);

        await NotifyAsync(new ModelPromoted(request.ModelName, request.Alias, request.Version, previous, id, actor, now), cancellationToken);
        return new PromotionDecision(await GetPromotionAsync(id, cancellationToken), PromotionDecisionError.None, null);
    }

    public async Task<PromotionDecision> RejectAsync(string id, string comment, string actor, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(comment) || comment.Length > RegistryNames.MaxTextLength)
            return Refuse(PromotionDecisionError.Invalid, "Say why the request is rejected (at most 2000 characters).");
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var request = await db.Promotions.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (CheckDecidable(request, actor) is { } refusal) return refusal;

        var now = clock.GetUtcNow().UtcDateTime;
        var decided = await db.Promotions.Where(p => p.Id == id && p.Status == PromotionStatus.Pending)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.Status, PromotionStatus.Rejected).SetProperty(p => p.DecidedBy, actor)
                .SetProperty(p => p.DecidedAt, now).SetProperty(p => p.Comment, comment.Trim()), cancellationToken);
        if (decided == 0) return await NoLongerPendingAsync(db, id, cancellationToken);

        await audit.RecordAsync(new AuditEvent(actor, "promotion.rejected", "promotion", id, comment.Trim()), cancellationToken);
        return new PromotionDecision(await GetPromotionAsync(id, cancellationToken), PromotionDecisionError.None, null);
    }

    private static PromotionDecision? CheckDecidable(PromotionRecord? request, string actor)
    {
        if (request is null) return Refuse(PromotionDecisionError.NotFound, "There is no such promotion request.");
        if (string.Equals(request.RequestedBy, actor, StringComparison.OrdinalIgnoreCase))
            return Refuse(PromotionDecisionError.OwnRequest, "A promotion must be decided by an Admin other than its requester.");
        if (request.Status != PromotionStatus.Pending)
            return Refuse(PromotionDecisionError.NotPending, $"The request is already {request.Status}.");
        return null;
    }

    private static async Task<PromotionDecision> NoLongerPendingAsync(RegistryDbContext db, string id, CancellationToken cancellationToken)
    {
        var status = await db.Promotions.AsNoTracking().Where(p => p.Id == id).Select(p => p.Status).FirstAsync(cancellationToken);
        return Refuse(PromotionDecisionError.NotPending, $"The request was decided meanwhile: it is {status}.");
    }

    private static PromotionDecision Refuse(PromotionDecisionError error, string problem) => new(null, error, problem);

    private async Task NotifyAsync(ModelPromoted promoted, CancellationToken cancellationToken)
    {
        foreach (var listener in listeners)
        {
            try
            {
                await listener.OnModelPromotedAsync(promoted, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The promotion has committed; a listener's failure is its own to recover from and must not undo it.
                logger.LogError(e, "Promotion listener {Listener} failed for {Model} version {Version}", listener.GetType().Name, promoted.Name, promoted.Version);
            }
        }
    }

    private async Task<(ModelVersionDetails Details, bool ModelCreated)> StoreVersionAsync(
        NewModelVersion version, InspectedModel inspected, StoredArtifact stored, string actor, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var model = await db.Models.FirstOrDefaultAsync(m => m.Name == version.ModelName, cancellationToken);
        var created = model is null;
        if (model is null)
        {
            model = new RegisteredModelRecord { Name = version.ModelName, Description = version.ModelDescription, CreatedAt = now, CreatedBy = actor };
            db.Models.Add(model);
        }

        model.LatestVersion++;
        model.UpdatedAt = now;
        var record = new ModelVersionRecord
        {
            ModelName = model.Name,
            Version = model.LatestVersion,
            RunId = version.RunId,
            PipelineRunId = version.PipelineRunId,
            DatasetName = version.Dataset?.Name,
            DatasetVersion = version.Dataset?.Version,
            DatasetContentHash = version.Dataset?.ContentHash,
            Task = version.Task,
            InputSchemaJson = JsonSerializer.Serialize(version.InputSchema is { Count: > 0 } given ? given : inspected.InputSchema),
            LabelsJson = version.Labels is null ? null : JsonSerializer.Serialize(version.Labels),
            // JSON has no NaN or infinity, and an undefined metric (AUC of one class) says nothing to compare.
            MetricsJson = JsonSerializer.Serialize((version.Metrics ?? new Dictionary<string, double>()).Where(m => double.IsFinite(m.Value)).ToDictionary()),
            ArtifactPath = stored.Path,
            Sha256 = stored.Sha256,
            Size = stored.Size,
            CreatedAt = now,
            CreatedBy = actor,
        };
        db.Versions.Add(record);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (ToDetails(record, new Dictionary<int, List<string>>()), created);
    }

    private async Task<(byte[] Content, string? Problem)> ReadVerifiedAsync(ModelVersionRecord record, CancellationToken cancellationToken)
    {
        var label = $"model '{record.ModelName}' version {record.Version}";
        await using var file = artifacts.OpenRead(ArtifactPath.Parse(record.ArtifactPath));
        if (file is null) return ([], $"The artifact of {label} is missing from the artifact store ({record.ArtifactPath}); it will not be loaded.");
        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, cancellationToken);
        var content = buffer.ToArray();
        var actual = Convert.ToHexStringLower(SHA256.HashData(content));
        return actual == record.Sha256
            ? (content, null)
            : ([], $"The artifact of {label} has been altered: its SHA-256 is {actual} but {record.Sha256} was registered; it will not be loaded.");
    }

    private async Task<int?> MoveAliasAsync(RegistryDbContext db, string name, string alias, int version, string actor, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var existing = await db.Aliases.FirstOrDefaultAsync(a => a.ModelName == name && a.Alias == alias, cancellationToken);
        var previous = existing?.Version;
        if (existing is null) db.Aliases.Add(new ModelAliasRecord { ModelName = name, Alias = alias, Version = version, UpdatedAt = now, UpdatedBy = actor });
        else (existing.Version, existing.UpdatedAt, existing.UpdatedBy) = (version, now, actor);
        var model = await db.Models.FirstAsync(m => m.Name == name, cancellationToken);
        model.UpdatedAt = now;
        return previous;
    }

    private static Task<ModelVersionRecord?> FindVersionAsync(RegistryDbContext db, string name, ModelSelector selector, CancellationToken cancellationToken)
    {
        if (selector.Version is { } number)
            return db.Versions.AsNoTracking().FirstOrDefaultAsync(v => v.ModelName == name && v.Version == number, cancellationToken);
        return db.Versions.AsNoTracking()
            .Where(v => v.ModelName == name && db.Aliases.Any(a => a.ModelName == name && a.Alias == selector.Alias && a.Version == v.Version))
            .FirstOrDefaultAsync(cancellationToken);
    }

    private static async Task<Dictionary<int, List<string>>> AliasesByVersionAsync(RegistryDbContext db, string name, CancellationToken cancellationToken) =>
        (await db.Aliases.AsNoTracking().Where(a => a.ModelName == name).ToListAsync(cancellationToken))
            .GroupBy(a => a.Version)
            .ToDictionary(g => g.Key, g => g.Select(a => a.Alias).Order(StringComparer.Ordinal).ToList());

    private static ModelSummary ToSummary(RegisteredModelRecord model, IEnumerable<ModelAliasRecord> aliases)
    {
        var byAlias = aliases.OrderBy(a => a.Alias, StringComparer.Ordinal).ToDictionary(a => a.Alias, a => a.Version);
        return new ModelSummary(model.Name, model.Description, byAlias, model.LatestVersion,
            byAlias.TryGetValue(Production, out var production) ? production : null, model.CreatedAt, model.UpdatedAt);
    }

    private static ModelVersionDetails ToDetails(ModelVersionRecord v, IReadOnlyDictionary<int, List<string>> aliases) => new(
        v.ModelName,
        v.Version,
        v.RunId,
        v.PipelineRunId,
        v.DatasetName is null ? null : new DatasetReference(v.DatasetName, v.DatasetVersion ?? 0, v.DatasetContentHash ?? ""),
        v.Task,
        JsonSerializer.Deserialize<List<SchemaColumn>>(v.InputSchemaJson) ?? [],
        v.LabelsJson is null ? null : JsonSerializer.Deserialize<List<string>>(v.LabelsJson),
        JsonSerializer.Deserialize<Dictionary<string, double>>(v.MetricsJson) ?? [],
        new ModelArtifact(v.Sha256, v.Size),
        aliases.TryGetValue(v.Version, out var names) ? names : [],
        v.CreatedAt,
        v.CreatedBy);

    private static PromotionRequest ToRequest(PromotionRecord p) => new(
        p.Id, p.ModelName, p.Version, p.Alias, p.PreviousVersion, p.Reason, p.Status, p.RequestedBy, p.RequestedAt, p.DecidedBy, p.DecidedAt, p.Comment);
}
