using MlOps.Modules.Pipeline.Contracts;

namespace MlOps.Modules.Pipeline.Data;

internal sealed class DatasetRecord
{
    public long Id { get; set; }
    public required string Name { get; set; }
    public string? Description { get; set; }
    public DatasetKind Kind { get; set; }
    public DateTime CreatedAt { get; set; }
    public required string CreatedBy { get; set; }
    public List<DatasetVersionRecord> Versions { get; set; } = [];
}

internal sealed class DatasetVersionRecord
{
    public long Id { get; set; }
    public long DatasetId { get; set; }
    public DatasetRecord Dataset { get; set; } = null!;
    public int Version { get; set; }
    public required string ContentHash { get; set; }
    public DatasetKind Kind { get; set; }
    public required string FileName { get; set; }
    public required string ArtifactPath { get; set; }
    public long SizeBytes { get; set; }
    public int RowCount { get; set; }
    public string? Description { get; set; }
    public required string ColumnsJson { get; set; }
    public string? ClassesJson { get; set; }
    public required string StatisticsJson { get; set; }
    public required string PreviewJson { get; set; }
    public string? ImageSamplesJson { get; set; }
    public DateTime CreatedAt { get; set; }
    public required string CreatedBy { get; set; }
}
