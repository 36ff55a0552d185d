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
    OnnxModelInspector onnxInspector,
    IAuditLog audit,
    IEnumerable<IModelPromotionListener> listeners,
    IReplicaSignals replicas,
    IEnumerable<IModelVersionCheck> checks,
    IOptions<RegistryOptions> options,
    TimeProvider clock,
    ILogger<ModelRegistry> logger) : IModelRegistry
{
    private const string Production = IModelRegistry.ProductionAlias;
    private const string ExportFile = "model.onnx";

    public async Task<OperationResult<ModelVersionDetails>> RegisterVersionAsync(
        NewModelVersion version, Stream artifact, string actor, CancellationToken cancellationToken)
    {
        if (!Names.IsModelName(version.ModelName))
            return OperationResult<ModelVersionDetails>.Fail(OperationError.Invalid, "name", Names.ModelRule);
        if (string.IsNullOrWhiteSpace(version.Task))
            return OperationResult<ModelVersionDetails>.Fail(OperationError.Invalid, "task", "Name the task the model was trained for.");
        if (version.Description?.Length > RegistryNames.MaxTextLength)
            return OperationResult<ModelVersionDetails>.Fail(OperationError.Invalid, "description", "A description holds at most 2000 characters.");
        if (version.Tags?.Count > RegistryNames.MaxTags)
            return OperationResult<ModelVersionDetails>.Fail(OperationError.Invalid, "tags", $"A version holds at most {RegistryNames.MaxTags} tags.");
        foreach (var (key, value) in version.Tags ?? new Dictionary<string, string>())
        {
            if (InvalidTag(key, value) is { } invalidTag) return invalidTag;
        }

        var folder = ArtifactPath.Parse($"registry/models/{version.ModelName}/{Guid.CreateVersion7():N}");
        var path = folder.Combine(ArtifactPath.Parse(version.Format switch
        {
            ModelFormat.Onnx => ExportFile,
            ModelFormat.MlflowFolder => "mlflow-model.zip",
            _ => "model.zip",
        }));
        ModelVersionDetails details;
        bool modelCreated;
        try
        {
            var stored = await artifacts.SaveAsync(path, artifact, options.Value.MaxArtifactBytes, cancellationToken);
            var (inspected, problem) = await InspectAsync(version, path, cancellationToken);
            if (inspected is null)
            {
                await DiscardAsync(version.ModelName, folder, cancellationToken);
                return OperationResult<ModelVersionDetails>.Fail(OperationError.Invalid, "artifact", problem!);
            }

            byte[] content;
            await using (var file = await artifacts.OpenReadAsync(path, cancellationToken) ?? throw new InvalidOperationException("The artifact just stored cannot be read back."))
            {
                using var buffer = new MemoryStream();
                await file.CopyToAsync(buffer, cancellationToken);
                content = buffer.ToArray();
            }

            var candidate = new ModelVersionCandidate(inspected.Task ?? version.Task, SchemaOf(version, inspected), version.Labels ?? inspected.Labels, content, inspected.Onnx, version.Format);
            if (version.Format.IsServable() && await FindUnusableAsync(candidate, cancellationToken) is { } unusable)
            {
                await DiscardAsync(version.ModelName, folder, cancellationToken);
                return OperationResult<ModelVersionDetails>.Fail(OperationError.Invalid, "artifact", $"This version is not registered. {unusable}");
            }

            var export = await ExportAsync(version, path, folder, cancellationToken);
            (details, modelCreated) = await StoreVersionAsync(version, inspected, stored, export, actor, cancellationToken);
        }
        catch (ArtifactTooLargeException e)
        {
            await DiscardAsync(version.ModelName, folder, CancellationToken.None);
            return OperationResult<ModelVersionDetails>.Fail(OperationError.Invalid, "artifact", e.Message);
        }
        catch
        {
            await DiscardAsync(version.ModelName, folder, CancellationToken.None);
            throw;
        }

        if (modelCreated)
            await audit.RecordAsync(new AuditEvent(actor, "model.created", "model", details.Name, version.ModelDescription), cancellationToken);
        await audit.RecordAsync(new AuditEvent(actor, "model.version-registered", "model", details.Name,
            $"version {details.Version}, run {details.RunId ?? "none"}, sha256 {details.Artifact.Sha256}"), cancellationToken);
        return OperationResult<ModelVersionDetails>.Ok(details);
    }

    private async Task<string?> FindUnusableAsync(ModelVersionCandidate candidate, CancellationToken cancellationToken)
    {
        foreach (var check in checks)
        {
            if (await check.FindProblemAsync(candidate, cancellationToken) is { } problem) return problem;
        }

        return null;
    }

    private static IReadOnlyList<SchemaColumn> SchemaOf(NewModelVersion version, InspectedModel inspected) =>
        version.InputSchema is { Count: > 0 } given ? given : inspected.InputSchema;

    /// <summary>Removes a refused version's folder, and its model's folder when the model has no version: a refusal leaves nothing.</summary>
    private async Task DiscardAsync(string modelName, ArtifactPath versionFolder, CancellationToken cancellationToken)
    {
        await artifacts.DeleteTreeAsync(versionFolder, CancellationToken.None);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!await db.Models.AnyAsync(m => m.Name == modelName, cancellationToken))
            await artifacts.DeleteTreeAsync(ArtifactPath.Parse($"registry/models/{modelName}"), CancellationToken.None);
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

    public async Task<OperationResult<byte[]>> GetOnnxAsync(string name, int version, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var record = await FindVersionAsync(db, name, ModelSelector.ForVersion(version), cancellationToken);
        if (record is null) return OperationResult<byte[]>.Fail(OperationError.NotFound, "version", $"Model '{name}' has no version {version}.");
        if (record.Format == ModelFormat.Onnx)
        {
            var (content, problem) = await ReadVerifiedAsync(record, cancellationToken);
            return problem is null ? OperationResult<byte[]>.Ok(content) : OperationResult<byte[]>.Fail(OperationError.Conflict, "artifact", problem);
        }

        if (record.OnnxExportSha256 is null)
        {
            return OperationResult<byte[]>.Fail(OperationError.NotFound, "onnx",
                $"Version {version} of '{name}' has no ONNX export: {record.OnnxExportProblem ?? "it was registered before exports were made."}");
        }

        var path = ArtifactPath.Parse(record.ArtifactPath[..(record.ArtifactPath.LastIndexOf('/') + 1)] + ExportFile);
        var (export, exportProblem) = await ReadVerifiedAsync(path, record.OnnxExportSha256, $"the ONNX export of model '{name}' version {version}", cancellationToken);
        return exportProblem is null ? OperationResult<byte[]>.Ok(export) : OperationResult<byte[]>.Fail(OperationError.Conflict, "onnx", exportProblem);
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

    public async Task<OperationResult<ModelSummary>> CreateModelAsync(string name, string? description, string actor, CancellationToken cancellationToken)
    {
        if (!Names.IsModelName(name)) return OperationResult<ModelSummary>.Fail(OperationError.Invalid, "name", Names.ModelRule);
        if (description?.Length > RegistryNames.MaxTextLength)
            return OperationResult<ModelSummary>.Fail(OperationError.Invalid, "description", "A description holds at most 2000 characters.");
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await db.Models.AnyAsync(m => m.Name == name, cancellationToken))
            return OperationResult<ModelSummary>.Fail(OperationError.Conflict, "name", $"A model named '{name}' already exists.");
        var now = clock.GetUtcNow().UtcDateTime;
        var model = new RegisteredModelRecord { Name = name, Description = description, CreatedAt = now, CreatedBy = actor, UpdatedAt = now };
        db.Models.Add(model);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            return OperationResult<ModelSummary>.Fail(OperationError.Conflict, "name", $"A model named '{name}' already exists.");
        }

        await audit.RecordAsync(new AuditEvent(actor, "model.created", "model", name, description), cancellationToken);
        return OperationResult<ModelSummary>.Ok(ToSummary(model, []));
    }

    public async Task<OperationResult<ModelSummary>> DescribeModelAsync(string name, string? description, string actor, CancellationToken cancellationToken)
    {
        if (description?.Length > RegistryNames.MaxTextLength)
            return OperationResult<ModelSummary>.Fail(OperationError.Invalid, "description", "A description holds at most 2000 characters.");
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var model = await db.Models.FirstOrDefaultAsync(m => m.Name == name, cancellationToken);
        if (model is null) return OperationResult<ModelSummary>.Fail(OperationError.NotFound, "name", $"There is no model '{name}'.");
        model.Description = description;
        model.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync(new AuditEvent(actor, "model.described", "model", name, description), cancellationToken);
        var aliases = await db.Aliases.AsNoTracking().Where(a => a.ModelName == name).ToListAsync(cancellationToken);
        return OperationResult<ModelSummary>.Ok(ToSummary(model, aliases));
    }

    public async Task<OperationResult<ModelVersionDetails>> DescribeVersionAsync(string name, int version, string? description, string actor, CancellationToken cancellationToken)
    {
        if (description?.Length > RegistryNames.MaxTextLength)
            return OperationResult<ModelVersionDetails>.Fail(OperationError.Invalid, "description", "A description holds at most 2000 characters.");
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var record = await db.Versions.FirstOrDefaultAsync(v => v.ModelName == name && v.Version == version, cancellationToken);
        if (record is null) return OperationResult<ModelVersionDetails>.Fail(OperationError.NotFound, "version", $"Model '{name}' has no version {version}.");
        record.Description = string.IsNullOrWhiteSpace(description) ? null : description;
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync(new AuditEvent(actor, "model.version-described", "model", name, $"version {version}: {record.Description}"), cancellationToken);
        return OperationResult<ModelVersionDetails>.Ok(ToDetails(record, await AliasesByVersionAsync(db, name, cancellationToken)));
    }

    public async Task<OperationResult<ModelVersionDetails>> TagVersionAsync(string name, int version, string key, string? value, string actor, CancellationToken cancellationToken)
    {
        if (InvalidTag(key, value) is { } invalid) return invalid;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Writing the row first makes tag changes of one version take turns on every provider, so none is lost.
        if (await db.Versions.Where(v => v.ModelName == name && v.Version == version).ExecuteUpdateAsync(s => s.SetProperty(v => v.TagsJson, v => v.TagsJson), cancellationToken) == 0)
            return OperationResult<ModelVersionDetails>.Fail(OperationError.NotFound, "version", $"Model '{name}' has no version {version}.");
        var record = await db.Versions.FirstAsync(v => v.ModelName == name && v.Version == version, cancellationToken);
        var tags = TagsOf(record);
        if (value is null && !tags.Remove(key))
            return OperationResult<ModelVersionDetails>.Fail(OperationError.NotFound, "key", $"Version {version} of '{name}' has no tag '{key}'.");
        if (value is not null)
        {
            if (!tags.ContainsKey(key) && tags.Count >= RegistryNames.MaxTags)
                return OperationResult<ModelVersionDetails>.Fail(OperationError.Invalid, "key", $"A version holds at most {RegistryNames.MaxTags} tags.");
            tags[key] = value;
        }

        record.TagsJson = tags.Count == 0 ? null : JsonSerializer.Serialize(tags);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await audit.RecordAsync(new AuditEvent(actor, value is null ? "model.version-tag-deleted" : "model.version-tagged", "model", name,
            value is null ? $"version {version}: {key}" : $"version {version}: {key} = {value}"), cancellationToken);
        return OperationResult<ModelVersionDetails>.Ok(ToDetails(record, await AliasesByVersionAsync(db, name, cancellationToken)));
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
        if (!Names.IsAlias(alias))
            return OperationResult<ModelAlias>.Fail(OperationError.Invalid, "alias", Names.AliasRule);
        if (alias == Production) return ProductionMovesOnlyByPromotion(name);

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

    public async Task<OperationResult<ModelAlias>> RemoveAliasAsync(string name, string alias, string actor, CancellationToken cancellationToken)
    {
        if (alias == Production) return ProductionMovesOnlyByPromotion(name);

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var existing = await db.Aliases.FirstOrDefaultAsync(a => a.ModelName == name && a.Alias == alias, cancellationToken);
        if (existing is null) return OperationResult<ModelAlias>.Fail(OperationError.NotFound, "alias", $"Model '{name}' has no alias '{alias}'.");
        db.Aliases.Remove(existing);
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync(new AuditEvent(actor, "model.alias-removed", "model", name, $"{alias} (was version {existing.Version})"), cancellationToken);
        await SignalReplicasAsync(cancellationToken);
        return OperationResult<ModelAlias>.Ok(new ModelAlias(name, alias, existing.Version));
    }

    public async Task<OperationResult<PromotionRequest>> RequestPromotionAsync(
        string name, int version, string reason, string actor, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(reason) || reason.Length > RegistryNames.MaxTextLength)
            return OperationResult<PromotionRequest>.Fail(OperationError.Invalid, "reason", "Give a reason of at most 2000 characters.");

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var stored = await db.Versions.AsNoTracking().FirstOrDefaultAsync(v => v.ModelName == name && v.Version == version, cancellationToken);
        if (stored is null)
            return OperationResult<PromotionRequest>.Fail(OperationError.NotFound, "version", $"Model '{name}' has no version {version}.");
        // Checked before the transaction: loading and scoring a model takes seconds, and a stored version never changes.
        var (content, integrityProblem) = await ReadVerifiedAsync(stored, cancellationToken);
        var unusable = integrityProblem ?? await FindUnusableAsync(ToCandidate(stored, content), cancellationToken);
        if (unusable is not null)
            return OperationResult<PromotionRequest>.Fail(OperationError.Conflict, "version", $"Version {version} of '{name}' cannot be promoted. {unusable}");

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
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
        if (Actors.SamePerson(request.RequestedBy, actor))
            return Refuse(PromotionDecisionError.OwnRequest, "A promotion must be decided by an Admin other than its requester, whichever sign-in or key either used.");
        if (request.Status != PromotionStatus.Pending)
            return Refuse(PromotionDecisionError.NotPending, $"The request is already {request.Status}.");
        return null;
    }

    private static async Task<PromotionDecision> NoLongerPendingAsync(RegistryDbContext db, string id, CancellationToken cancellationToken)
    {
        var status = await db.Promotions.AsNoTracking().Where(p => p.Id == id).Select(p => p.Status).FirstAsync(cancellationToken);
        return Refuse(PromotionDecisionError.NotPending, $"The request was decided meanwhile: it is {status}.");
    }

    private static OperationResult<ModelAlias> ProductionMovesOnlyByPromotion(string name) =>
        OperationResult<ModelAlias>.Fail(OperationError.Conflict, "alias",
            $"The production alias moves only through an approved promotion: POST /api/v1/models/{name}/promotions with {{version, alias:\"production\", reason}}.");

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

        await SignalReplicasAsync(cancellationToken);
    }

    private async Task SignalReplicasAsync(CancellationToken cancellationToken)
    {
        try
        {
            await replicas.SignalAsync(IModelRegistry.AliasesMovedSignal, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The change has committed; replicas that miss the signal see it at their next alias refresh.
            logger.LogError(e, "Other replicas could not be told that an alias moved");
        }
    }

    private async Task<(InspectedModel? Model, string? Problem)> InspectAsync(NewModelVersion version, ArtifactPath path, CancellationToken cancellationToken)
    {
        await using var file = await artifacts.OpenReadAsync(path, cancellationToken) ?? throw new InvalidOperationException("The artifact just stored cannot be read back.");
        if (version.Format == ModelFormat.MlNet) return await inspector.InspectAsync(file, cancellationToken);
        if (version.Format == ModelFormat.MlflowFolder) return await inspector.InspectFolderAsync(file, cancellationToken);
        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, cancellationToken);
        return onnxInspector.Inspect(buffer.ToArray(), version.Signature, version.InputSchema);
    }

    /// <summary>An ML.NET version's checked ONNX export, stored beside it; an uploaded ONNX model is its own export.</summary>
    private async Task<(StoredArtifact? Stored, string? Problem)> ExportAsync(NewModelVersion version, ArtifactPath path, ArtifactPath folder, CancellationToken cancellationToken)
    {
        if (version.Format == ModelFormat.Onnx) return (null, null);
        if (version.Format == ModelFormat.MlflowFolder) return (null, "it is stored but not servable here, so it is not converted.");
        await using var file = await artifacts.OpenReadAsync(path, cancellationToken) ?? throw new InvalidOperationException("The artifact just stored cannot be read back.");
        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, cancellationToken);
        var (onnx, problem) = await Task.Run(() => OnnxExport.Export(buffer.ToArray(), version.ExportCheckRows), cancellationToken);
        if (onnx is null)
        {
            logger.LogInformation("No ONNX export for {Model}: {Problem}", version.ModelName, problem);
            return (null, problem);
        }

        using var exported = new MemoryStream(onnx, writable: false);
        return (await artifacts.SaveAsync(folder.Combine(ArtifactPath.Parse(ExportFile)), exported, options.Value.MaxArtifactBytes, cancellationToken), null);
    }

    private async Task<(ModelVersionDetails Details, bool ModelCreated)> StoreVersionAsync(
        NewModelVersion version, InspectedModel inspected, StoredArtifact stored, (StoredArtifact? Stored, string? Problem) export, string actor, CancellationToken cancellationToken)
    {
        try
        {
            return await StoreVersionOnceAsync(version, inspected, stored, export, actor, cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Two first versions of a new model raced to create its row; the one that lost finds it now and takes its turn.
            return await StoreVersionOnceAsync(version, inspected, stored, export, actor, cancellationToken);
        }
    }

    private async Task<(ModelVersionDetails Details, bool ModelCreated)> StoreVersionOnceAsync(
        NewModelVersion version, InspectedModel inspected, StoredArtifact stored, (StoredArtifact? Stored, string? Problem) export, string actor, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Writing the model's row first makes registrations of one model take turns on every provider (SQLite's single
        // writer, PostgreSQL's row lock), so each reads the latest version number the one before it wrote.
        await db.Models.Where(m => m.Name == version.ModelName).ExecuteUpdateAsync(s => s.SetProperty(m => m.UpdatedAt, now), cancellationToken);
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
            Task = inspected.Task ?? version.Task,
            InputSchemaJson = JsonSerializer.Serialize(SchemaOf(version, inspected)),
            LabelsJson = (version.Labels ?? inspected.Labels) is { } labels ? JsonSerializer.Serialize(labels) : null,
            Format = version.Format,
            OnnxSchemaJson = inspected.Onnx is null ? null : JsonSerializer.Serialize(inspected.Onnx),
            OnnxExportAvailable = version.Format == ModelFormat.Onnx || export.Stored is not null,
            OnnxExportSha256 = export.Stored?.Sha256,
            OnnxExportProblem = export.Problem,
            // JSON has no NaN or infinity, and an undefined metric (AUC of one class) says nothing to compare.
            MetricsJson = JsonSerializer.Serialize((version.Metrics ?? new Dictionary<string, double>()).Where(m => double.IsFinite(m.Value)).ToDictionary()),
            Description = string.IsNullOrWhiteSpace(version.Description) ? null : version.Description,
            FlavorsJson = version.Flavors is { Count: > 0 } flavors ? JsonSerializer.Serialize(flavors) : null,
            SourcePath = version.SourcePath,
            TagsJson = version.Tags is { Count: > 0 } tags ? JsonSerializer.Serialize(tags) : null,
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

    private Task<(byte[] Content, string? Problem)> ReadVerifiedAsync(ModelVersionRecord record, CancellationToken cancellationToken) =>
        ReadVerifiedAsync(ArtifactPath.Parse(record.ArtifactPath), record.Sha256, $"the artifact of model '{record.ModelName}' version {record.Version}", cancellationToken);

    private async Task<(byte[] Content, string? Problem)> ReadVerifiedAsync(ArtifactPath path, string sha256, string label, CancellationToken cancellationToken)
    {
        await using var file = await artifacts.OpenReadAsync(path, cancellationToken);
        if (file is null) return ([], $"{Capitalised(label)} is missing from the artifact store ({path}); it will not be loaded.");
        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, cancellationToken);
        var content = buffer.ToArray();
        var actual = Convert.ToHexStringLower(SHA256.HashData(content));
        return actual == sha256
            ? (content, null)
            : ([], $"{Capitalised(label)} has been altered: its SHA-256 is {actual} but {sha256} was registered; it will not be loaded.");
    }

    private static string Capitalised(string text) => char.ToUpperInvariant(text[0]) + text[1..];

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
        v.CreatedBy,
        v.Format,
        v.OnnxSchemaJson is null ? null : JsonSerializer.Deserialize<OnnxModelSchema>(v.OnnxSchemaJson),
        v.OnnxExportAvailable,
        v.Description,
        v.FlavorsJson is null ? null : JsonSerializer.Deserialize<List<string>>(v.FlavorsJson),
        v.SourcePath,
        TagsOf(v));

    private static OperationResult<ModelVersionDetails>? InvalidTag(string key, string? value)
    {
        if (string.IsNullOrWhiteSpace(key) || key.Length > RegistryNames.MaxTagKeyLength || !Names.IsPrintable(key))
            return OperationResult<ModelVersionDetails>.Fail(OperationError.Invalid, "key", $"A tag key is 1 to {RegistryNames.MaxTagKeyLength} characters without control characters.");
        return value?.Length > RegistryNames.MaxTagValueLength
            ? OperationResult<ModelVersionDetails>.Fail(OperationError.Invalid, "value", $"A tag value holds at most {RegistryNames.MaxTagValueLength} characters.")
            : null;
    }

    private static SortedDictionary<string, string> TagsOf(ModelVersionRecord v) =>
        new(v.TagsJson is null ? [] : JsonSerializer.Deserialize<Dictionary<string, string>>(v.TagsJson)!, StringComparer.Ordinal);

    private static ModelVersionCandidate ToCandidate(ModelVersionRecord v, byte[] content) => new(
        v.Task,
        JsonSerializer.Deserialize<List<SchemaColumn>>(v.InputSchemaJson) ?? [],
        v.LabelsJson is null ? null : JsonSerializer.Deserialize<List<string>>(v.LabelsJson),
        content,
        v.OnnxSchemaJson is null ? null : JsonSerializer.Deserialize<OnnxModelSchema>(v.OnnxSchemaJson),
        v.Format);

    private static PromotionRequest ToRequest(PromotionRecord p) => new(
        p.Id, p.ModelName, p.Version, p.Alias, p.PreviousVersion, p.Reason, p.Status, p.RequestedBy, p.RequestedAt, p.DecidedBy, p.DecidedAt, p.Comment);
}
