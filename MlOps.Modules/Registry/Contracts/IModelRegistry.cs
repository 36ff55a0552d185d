using MlOps.Modules.Platform.Contracts;

namespace MlOps.Modules.Registry.Contracts;

/// <summary>
/// Registered models, their versions and aliases. <c>production</c> moves only through an approved
/// promotion: four eyes, never the requester's own.
/// </summary>
public interface IModelRegistry
{
    public const string ProductionAlias = "production";

    /// <summary>The <see cref="IReplicaSignals"/> topic sent after any alias moved or was removed, so every replica looks its aliases up again.</summary>
    public const string AliasesMovedSignal = "registry.aliases";

    /// <summary>
    /// Registers the next version of a model (creating the model on first use) from a file of the version's format: a zipped
    /// ML.NET model, an ONNX model, or a zipped MLflow model folder that is stored but not servable here. Invalid when the
    /// file is broken, unsafe or not of its format; nothing is stored then.
    /// </summary>
    Task<OperationResult<ModelVersionDetails>> RegisterVersionAsync(NewModelVersion version, Stream artifact, string actor, CancellationToken cancellationToken);

    /// <summary>Reads a version's file and checks its SHA-256; Conflict with a clear message when the file is missing or altered.</summary>
    Task<OperationResult<VerifiedModel>> LoadAsync(string name, ModelSelector selector, CancellationToken cancellationToken);

    /// <summary>An uploaded ONNX model as it was, or an ML.NET version's checked export; NotFound says why there is none.</summary>
    Task<OperationResult<byte[]>> GetOnnxAsync(string name, int version, CancellationToken cancellationToken);

    Task<Paged<ModelSummary>> ListModelsAsync(string? search, PageRequest page, CancellationToken cancellationToken);

    Task<ModelSummary?> GetModelAsync(string name, CancellationToken cancellationToken);

    /// <summary>Creates a model with no versions yet; Conflict when the name is taken.</summary>
    Task<OperationResult<ModelSummary>> CreateModelAsync(string name, string? description, string actor, CancellationToken cancellationToken);

    Task<OperationResult<ModelSummary>> DescribeModelAsync(string name, string? description, string actor, CancellationToken cancellationToken);

    /// <summary>Sets or clears a version's description; NotFound when there is no such version.</summary>
    Task<OperationResult<ModelVersionDetails>> DescribeVersionAsync(string name, int version, string? description, string actor, CancellationToken cancellationToken);

    /// <summary>Sets (null <paramref name="value"/>: removes) one tag of a version; NotFound when there is no such version or tag to remove.</summary>
    Task<OperationResult<ModelVersionDetails>> TagVersionAsync(string name, int version, string key, string? value, string actor, CancellationToken cancellationToken);

    /// <summary>Newest first; null when there is no such model.</summary>
    Task<Paged<ModelVersionDetails>?> ListVersionsAsync(string name, PageRequest page, CancellationToken cancellationToken);

    Task<ModelVersionDetails?> GetVersionAsync(string name, ModelSelector selector, CancellationToken cancellationToken);

    /// <summary>
    /// Points any alias but <c>production</c> at a version and notifies every <see cref="IModelPromotionListener"/> and every replica;
    /// <c>production</c> is a Conflict that names the promotion route.
    /// </summary>
    Task<OperationResult<ModelAlias>> SetAliasAsync(string name, string alias, int version, string actor, CancellationToken cancellationToken);

    /// <summary>Removes any alias but <c>production</c>, which leaves only through a promotion (Conflict); every replica hears of it.</summary>
    Task<OperationResult<ModelAlias>> RemoveAliasAsync(string name, string alias, string actor, CancellationToken cancellationToken);

    Task<OperationResult<PromotionRequest>> RequestPromotionAsync(string name, int version, string reason, string actor, CancellationToken cancellationToken);

    Task<Paged<PromotionRequest>> ListPromotionsAsync(PromotionQuery query, PageRequest page, CancellationToken cancellationToken);

    Task<PromotionRequest?> GetPromotionAsync(string id, CancellationToken cancellationToken);

    Task<int> CountPendingPromotionsAsync(CancellationToken cancellationToken);

    /// <summary>Moves the alias and supersedes the model's other pending requests in one transaction, then notifies every <see cref="IModelPromotionListener"/> in this process and signals <see cref="AliasesMovedSignal"/> to every replica.</summary>
    Task<PromotionDecision> ApproveAsync(string id, string? comment, string actor, CancellationToken cancellationToken);

    Task<PromotionDecision> RejectAsync(string id, string comment, string actor, CancellationToken cancellationToken);
}

/// <summary>
/// Implemented by modules that react when an alias moves (Serving hot-swaps); register in DI. Called after
/// commit, in the process that moved the alias (other replicas hear <see cref="IModelRegistry.AliasesMovedSignal"/>);
/// a listener's exception is logged and does not undo the change.
/// </summary>
public interface IModelPromotionListener
{
    Task OnModelPromotedAsync(ModelPromoted promoted, CancellationToken cancellationToken);
}

/// <summary>
/// Implemented by modules that must be able to use a version (Serving scores it); register in DI. A servable version any
/// check refuses is not registered, and a stored one is not put up for promotion. Versions of a format that is not servable
/// are registered without the checks (they are never loaded) and refused by them at promotion.
/// </summary>
public interface IModelVersionCheck
{
    /// <summary>Null when the version is usable, else why not, in words for the person registering it.</summary>
    Task<string?> FindProblemAsync(ModelVersionCandidate candidate, CancellationToken cancellationToken);
}

/// <summary>A version as it would be stored: what it is for, the columns it reads and its model file.</summary>
public sealed record ModelVersionCandidate(
    string Task, IReadOnlyList<SchemaColumn> InputSchema, IReadOnlyList<string>? Labels, ReadOnlyMemory<byte> Content, OnnxModelSchema? Onnx,
    ModelFormat Format = ModelFormat.MlNet);
