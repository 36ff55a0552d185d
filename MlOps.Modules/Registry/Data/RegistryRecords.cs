using MlOps.Modules.Registry.Contracts;

namespace MlOps.Modules.Registry.Data;

internal sealed class RegisteredModelRecord
{
    public required string Name { get; set; }
    public string? Description { get; set; }
    public int LatestVersion { get; set; }
    public DateTime CreatedAt { get; set; }
    public required string CreatedBy { get; set; }
    public DateTime UpdatedAt { get; set; }
}

internal sealed class ModelVersionRecord
{
    public long Id { get; set; }
    public required string ModelName { get; set; }
    public int Version { get; set; }
    public string? RunId { get; set; }
    public string? PipelineRunId { get; set; }
    public string? DatasetName { get; set; }
    public int? DatasetVersion { get; set; }
    public string? DatasetContentHash { get; set; }
    public required string Task { get; set; }
    public required string InputSchemaJson { get; set; }
    public string? LabelsJson { get; set; }
    public required string MetricsJson { get; set; }
    public required string ArtifactPath { get; set; }
    public required string Sha256 { get; set; }
    public long Size { get; set; }
    public DateTime CreatedAt { get; set; }
    public required string CreatedBy { get; set; }
    public ModelFormat Format { get; set; }
    public string? OnnxSchemaJson { get; set; }
    public bool OnnxExportAvailable { get; set; }
    public string? OnnxExportSha256 { get; set; }
    public string? OnnxExportProblem { get; set; }
    public string? Description { get; set; }
    public string? FlavorsJson { get; set; }
    public string? SourcePath { get; set; }
    public string? TagsJson { get; set; }
}

internal sealed class ModelAliasRecord
{
    public required string ModelName { get; set; }
    public required string Alias { get; set; }
    public int Version { get; set; }
    public DateTime UpdatedAt { get; set; }
    public required string UpdatedBy { get; set; }
}

internal sealed class PromotionRecord
{
    public required string Id { get; set; }
    public required string ModelName { get; set; }
    public int Version { get; set; }
    public required string Alias { get; set; }
    public int? PreviousVersion { get; set; }
    public required string Reason { get; set; }
    public PromotionStatus Status { get; set; }
    public required string RequestedBy { get; set; }
    public DateTime RequestedAt { get; set; }
    public string? DecidedBy { get; set; }
    public DateTime? DecidedAt { get; set; }
    public string? Comment { get; set; }
}
