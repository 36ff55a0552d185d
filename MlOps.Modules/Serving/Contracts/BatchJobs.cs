using MlOps.Modules.Platform.Contracts;

namespace MlOps.Modules.Serving.Contracts;

public enum BatchJobStatus
{
    Queued,
    Running,
    Succeeded,
    Failed,
    Cancelled,

    /// <summary>The server stopped while the job ran; it left no output.</summary>
    Interrupted,
}

/// <summary>
/// A batch scoring job. <see cref="Version"/> is the version it scores with (resolved from <see cref="Alias"/> when
/// it was queued); <see cref="Progress"/> is the share of the source read so far (0..1); <see cref="TotalRows"/> is
/// known up front for dataset sources; <see cref="Definition"/> names the batch definition that started it, if any;
/// <see cref="Instance"/> names the replica that runs or ran it (<c>MlOps:Instance</c>), null while it is queued.
/// </summary>
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
    DateTime? FinishedAt,
    long? TotalRows = null,
    string Trigger = BatchTriggers.Api,
    string? Definition = null,
    long? OutputBytes = null,
    string? Instance = null)
{
    public bool IsActive => Status is BatchJobStatus.Queued or BatchJobStatus.Running;

    /// <summary>Where the scored CSV is downloaded once the job has succeeded (the sign-in cookie is enough).</summary>
    public string OutputUrl => $"/api/v1/batch-jobs/{Id}/output";
}

/// <summary>A CSV sent to be scored, kept until the job has read it.</summary>
public sealed record BatchUpload(string FileName, Stream Content);

/// <summary>What started a batch job.</summary>
public static class BatchTriggers
{
    public const string Api = "api";
    public const string Ui = "ui";
    public const string RunNow = "run-now";
    public const string Schedule = "schedule";
}

/// <summary>Batch jobs for the UI: queue one-off jobs, list, follow and cancel them.</summary>
public interface IBatchJobs
{
    /// <summary>
    /// Queues a job scoring a dataset version (<paramref name="dataset"/>) or an uploaded CSV (<paramref name="upload"/>) with
    /// <paramref name="model"/>; the model and the source are checked first and nothing is queued when they do not fit.
    /// </summary>
    Task<OperationResult<BatchJobInfo>> QueueAsync(ServingTarget model, BatchSource? dataset, BatchUpload? upload, string actor, CancellationToken cancellationToken);

    Task<Paged<BatchJobInfo>> ListAsync(string? definition, PageRequest page, CancellationToken cancellationToken);

    Task<BatchJobInfo?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>A queued job ends Cancelled at once; a running one is signalled and ends Cancelled shortly after.</summary>
    Task<OperationResult<BatchJobInfo>> CancelAsync(string id, string actor, CancellationToken cancellationToken);
}
