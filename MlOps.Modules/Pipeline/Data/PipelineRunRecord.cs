using MlOps.Modules.Pipeline.Contracts;

namespace MlOps.Modules.Pipeline.Data;

internal sealed class PipelineRunRecord
{
    public required string Id { get; init; }
    public required string PipelineName { get; init; }
    public required string DefinitionJson { get; init; }
    public PipelineRunStatus Status { get; set; }
    public double Progress { get; set; }
    public string? ProgressDetail { get; set; }
    public required string Dataset { get; init; }
    public int? DatasetVersion { get; set; }
    public string? DatasetContentHash { get; set; }
    public string TrialsJson { get; set; } = "[]";
    public int PlannedTrials { get; set; }
    public string? BestRunId { get; set; }
    public string? OptimizeMetric { get; set; }
    public double? BestMetric { get; set; }
    public string? ModelName { get; set; }
    public int? ModelVersion { get; set; }
    public string? PromotionRequestId { get; set; }
    public string? Error { get; set; }
    public required string Trigger { get; init; }
    public required string RequestedBy { get; init; }
    public required DateTime QueuedAt { get; init; }
    public DateTime? StartedAt { get; set; }
    public DateTime? FinishedAt { get; set; }

    /// <summary>The replica that claimed the run (<c>MlOps:Instance</c>).</summary>
    public string? Instance { get; set; }

    /// <summary>Set when someone asks a running run to stop; the replica running it hears of it and cancels.</summary>
    public bool CancelRequested { get; set; }
}
