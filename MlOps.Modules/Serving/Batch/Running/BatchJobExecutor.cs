using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MlOps.Modules.Pipeline.Contracts;
using MlOps.Modules.Platform.Contracts;
using MlOps.Modules.Serving.Batch.Jobs;
using MlOps.Modules.Serving.Batch.Scoring;
using MlOps.Modules.Serving.Contracts;
using MlOps.Modules.Serving.Data;

namespace MlOps.Modules.Serving.Batch.Running;

/// <summary>
/// Runs one job: Queued → Running → Succeeded, Failed or Cancelled, each change saved and audited. The scores are
/// written through the artifact store's temp file, so the output appears whole when the job succeeds, or not at all.
/// It runs a job this replica has claimed (<see cref="BatchJobWorker"/>). A job the host stops in the middle stays Running
/// here and is marked Interrupted by the next start, or by another replica once this one's heartbeat stops.
/// </summary>
internal sealed class BatchJobExecutor(
    ServingDbContext db, IReplica replica, BatchModelLoader models, IDatasetCatalog datasets, IArtifactStore artifacts, IAuditLog audit,
    IOptions<ServingOptions> options, IOptions<MlOpsOptions> platform, TimeProvider clock, ILogger<BatchJobExecutor> logger)
{
    private const string Worker = "system";
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(1);

    public async Task ExecuteAsync(string jobId, CancellationToken cancellation, CancellationToken stopping)
    {
        var job = await db.BatchJobs.SingleOrDefaultAsync(j => j.Id == jobId, stopping);
        if (job is null || job.Status != BatchJobStatus.Running || job.Instance != replica.Name) return;
        await audit.RecordAsync(new AuditEvent(Worker, "batch-job.started", "batch-job", jobId), stopping);

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellation, stopping);
        var progress = new BatchProgress();
        try
        {
            var stored = await ScoreAsync(job, progress, linked.Token);
            (job.Status, job.OutputPath, job.OutputBytes, job.OutputSha256) = (BatchJobStatus.Succeeded, stored.Path, stored.Size, stored.Sha256);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            job.Status = BatchJobStatus.Cancelled;
            job.Error = "Cancelled while running; no output was kept.";
        }
        catch (Exception error)
        {
            if (error is not (InvalidDataException or BatchJobException)) logger.LogWarning(error, "Batch job {JobId} failed", jobId);
            job.Status = BatchJobStatus.Failed;
            job.Error = error.Message;
        }

        (job.Rows, job.Progress, job.FinishedAt) = (progress.Rows, job.Status == BatchJobStatus.Succeeded ? 1 : progress.Fraction, clock.GetUtcNow().UtcDateTime);
        // A job that did not succeed keeps nothing at all, and is gone before its end is visible; an upload is kept only until the job has read it.
        if (job.Status != BatchJobStatus.Succeeded) await artifacts.DeleteTreeAsync(BatchJobService.FolderOf(jobId), CancellationToken.None);
        await db.SaveChangesAsync(CancellationToken.None);
        if (job.Status == BatchJobStatus.Succeeded && job.SourceUpload is not null) await artifacts.DeleteTreeAsync(ArtifactPath.Parse(job.SourceUpload), CancellationToken.None);
        await audit.RecordAsync(new AuditEvent(Worker, $"batch-job.{job.Status.ToString().ToLowerInvariant()}", "batch-job", jobId,
            job.Error ?? $"{job.Rows:N0} rows scored into {job.OutputName}"), CancellationToken.None);
    }

    private async Task<StoredArtifact> ScoreAsync(BatchJobRecord job, BatchProgress progress, CancellationToken cancellationToken)
    {
        var loaded = await models.LoadAsync(job.Model, job.Version, cancellationToken);
        if (!loaded.Succeeded) throw new BatchJobException(string.Join(" ", loaded.Problems.Values.SelectMany(p => p)));
        await using var source = await OpenSourceAsync(job, cancellationToken) ?? throw new BatchJobException($"The source ({job.SourceDescription}) is gone.");

        var output = BatchJobService.FolderOf(job.Id).Combine(ArtifactPath.Parse(job.OutputName));
        var model = loaded.Value!;
        var scoring = artifacts.WriteAsync(output, (stream, token) => model.Info.IsImageModel
            ? Task.Run(() => ImageBatchScorer.ScoreAsync(model.Info, source, stream, progress, options.Value.MaxRequestBytes, options.Value.MaxImagePixels,
                platform.Value.WorkDirectory, token), token)
            : Task.Run(() => BatchScorer.Score(model, source, stream, progress, token), token), cancellationToken);
        using var ticks = new PeriodicTimer(ProgressInterval, clock);
        while (await Task.WhenAny(scoring, ticks.WaitForNextTickAsync(CancellationToken.None).AsTask()) != scoring)
        {
            await db.BatchJobs.Where(j => j.Id == job.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(j => j.Rows, progress.Rows).SetProperty(j => j.Progress, progress.Fraction), CancellationToken.None);
        }

        return await scoring;
    }

    private async Task<Stream?> OpenSourceAsync(BatchJobRecord job, CancellationToken cancellationToken) =>
        job.SourceUpload is { } upload
            ? await artifacts.OpenReadAsync(ArtifactPath.Parse(upload), cancellationToken)
            : await datasets.OpenFileAsync(job.SourceDataset!, job.SourceDatasetVersion, cancellationToken);
}

/// <summary>A job that cannot run for a reason its owner should read (the model or the source is gone).</summary>
internal sealed class BatchJobException(string message) : Exception(message);
