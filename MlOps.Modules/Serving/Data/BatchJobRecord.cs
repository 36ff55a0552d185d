using MlOps.Modules.Serving.Contracts;

namespace MlOps.Modules.Serving.Data;

internal sealed class BatchJobRecord
{
    public required string Id { get; init; }
    public required string Model { get; init; }
    public string? Alias { get; init; }
    public required int Version { get; init; }
    public string? SourceDataset { get; init; }
    public int? SourceDatasetVersion { get; init; }

    /// <summary>The artifact path of an uploaded CSV, kept until the job ends.</summary>
    public string? SourceUpload { get; init; }

    public required string SourceDescription { get; init; }
    public required string OutputName { get; init; }
    public string? OutputPath { get; set; }
    public long? OutputBytes { get; set; }
    public string? OutputSha256 { get; set; }
    public BatchJobStatus Status { get; set; }
    public long Rows { get; set; }
    public long? TotalRows { get; init; }
    public double Progress { get; set; }
    public string? Error { get; set; }
    public required string Trigger { get; init; }
    public string? Definition { get; init; }
    public required string RequestedBy { get; init; }
    public required DateTime CreatedAt { get; init; }
    public DateTime? StartedAt { get; set; }
    public DateTime? FinishedAt { get; set; }

    /// <summary>The replica that claimed the job (<c>MlOps:Instance</c>).</summary>
    public string? Instance { get; set; }

    /// <summary>Set when someone asks a running job to stop; the replica running it hears of it and cancels.</summary>
    public bool CancelRequested { get; set; }

    public BatchJobInfo ToInfo() => new(
        Id, Model, Version, Alias, SourceDescription, OutputName, Status, Progress, Rows, Error, RequestedBy, CreatedAt, StartedAt, FinishedAt,
        TotalRows, Trigger, Definition, OutputBytes, Instance);
}
