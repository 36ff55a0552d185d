using System.Text.Json.Serialization;
using Microsoft.ML;

namespace MlOps.Modules.Registry.Contracts;

/// <summary>
/// A column a model reads. <see cref="FlipPass"/>: an image column whose picture is scored with its horizontal mirror
/// image too, the two scores averaged (chosen by a pipeline whose images allow flips).
/// </summary>
public sealed record SchemaColumn(string Name, string Type, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool FlipPass = false);

public sealed record DatasetReference(string Name, int Version, string ContentHash);

public sealed record ModelArtifact(string Sha256, long Size);

/// <summary>
/// Where a model version came from: what the Pipeline module knows after training. <see cref="ExportCheckRows"/> (raw input
/// rows of the test split) let the Registry prove an ML.NET model's ONNX export answers as the model does. <see cref="Flavors"/>
/// are the flavors of the MLflow model folder a version was registered from; <see cref="SourcePath"/> is the file or folder of
/// the run it was registered from.
/// </summary>
public sealed record NewModelVersion(
    string ModelName,
    string Task,
    string? RunId = null,
    string? PipelineRunId = null,
    DatasetReference? Dataset = null,
    IReadOnlyList<SchemaColumn>? InputSchema = null,
    IReadOnlyList<string>? Labels = null,
    IReadOnlyDictionary<string, double>? Metrics = null,
    string? ModelDescription = null,
    ModelFormat Format = ModelFormat.MlNet,
    OnnxSignature? Signature = null,
    IDataView? ExportCheckRows = null,
    IReadOnlyList<string>? Flavors = null,
    string? Description = null,
    string? SourcePath = null,
    IReadOnlyDictionary<string, string>? Tags = null);

public sealed record ModelVersionDetails(
    string Name,
    int Version,
    string? RunId,
    string? PipelineRunId,
    DatasetReference? Dataset,
    string Task,
    IReadOnlyList<SchemaColumn> InputSchema,
    IReadOnlyList<string>? Labels,
    IReadOnlyDictionary<string, double> Metrics,
    ModelArtifact Artifact,
    IReadOnlyList<string> Aliases,
    DateTime CreatedAt,
    string CreatedBy,
    ModelFormat Format,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] OnnxModelSchema? Onnx,
    bool OnnxExportAvailable,
    string? Description = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Flavors = null,
    string? SourcePath = null,
    IReadOnlyDictionary<string, string>? Tags = null)
{
    /// <summary>False for a version stored but not servable here: Serving never loads it and it cannot be promoted.</summary>
    public bool Servable => Format.IsServable();
}

public sealed record ModelSummary(
    string Name,
    string? Description,
    IReadOnlyDictionary<string, int> Aliases,
    int LatestVersion,
    int? ProductionVersion,
    DateTime CreatedAt,
    DateTime UpdatedAt);

public sealed record ModelAlias(string Name, string Alias, int Version);

/// <summary>Picks a version of a model either by number or by the alias that points at it.</summary>
public sealed record ModelSelector
{
    private ModelSelector(int? version, string? alias) => (Version, Alias) = (version, alias);

    public int? Version { get; }

    public string? Alias { get; }

    public static ModelSelector ForVersion(int version) => new(version, null);

    public static ModelSelector ForAlias(string alias) => new(null, alias);

    public override string ToString() => Alias ?? $"version {Version}";
}

/// <summary>A model whose bytes were read and matched against the SHA-256 recorded at registration.</summary>
public sealed record VerifiedModel(ModelVersionDetails Version, ReadOnlyMemory<byte> Content)
{
    public Stream OpenRead() => new MemoryStream(Content.ToArray(), writable: false);
}

public enum PromotionStatus
{
    Pending,
    Approved,
    Rejected,
    Superseded,
}

public sealed record PromotionRequest(
    string Id,
    string Name,
    int Version,
    string Alias,
    int? PreviousVersion,
    string Reason,
    PromotionStatus Status,
    string RequestedBy,
    DateTime RequestedAt,
    string? DecidedBy,
    DateTime? DecidedAt,
    string? Comment);

public sealed record PromotionQuery(PromotionStatus? Status = null, string? ModelName = null);

public enum PromotionDecisionError
{
    None,
    NotFound,
    OwnRequest,
    NotPending,
    Invalid,
}

/// <summary>The outcome of approving or rejecting: deciding one's own request is refused outright, not merely invalid.</summary>
public sealed record PromotionDecision(PromotionRequest? Request, PromotionDecisionError Error, string? Problem)
{
    public bool Succeeded => Error == PromotionDecisionError.None;
}

/// <summary>
/// Published after an alias has moved and the change has committed: <c>production</c> through an approved
/// promotion (<see cref="PromotionId"/> set), any other alias when it was set directly.
/// </summary>
public sealed record ModelPromoted(string Name, string Alias, int Version, int? PreviousVersion, string? PromotionId, string MovedBy, DateTime At);
