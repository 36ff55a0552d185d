namespace MlOps.Modules.Serving.Contracts;

public enum BatchJobStatus
{
    Queued,
    Running,
    Succeeded,
    Failed,
    Cancelled,
}

/// <summary>A batch scoring job: <see cref="Progress"/> is the share of the source read so far (0..1).</summary>
public sealed record BatchJobInfo(
    string Id,
    string Model,
    int? Version,
    string? Alias,
    string Source,
    string Target,
    BatchJobStatus Status,
    double Progress,
    long Rows,
    string? Error,
    string RequestedBy,
    DateTime CreatedAt,
    DateTime? StartedAt,
    DateTime? FinishedAt);
