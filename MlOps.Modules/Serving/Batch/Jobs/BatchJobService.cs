using System.IO.Compression;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MlOps.Modules.Platform.Contracts;
using MlOps.Modules.Registry.Contracts;
using MlOps.Modules.Serving.Batch.Running;
using MlOps.Modules.Serving.Batch.Scoring;
using MlOps.Modules.Serving.Contracts;
using MlOps.Modules.Serving.Data;
using MlOps.Modules.Serving.Models;

namespace MlOps.Modules.Serving.Batch.Jobs;

/// <summary>Queues, lists and cancels batch jobs; the model and the source are checked before a job is queued.</summary>
internal sealed class BatchJobService(
    IDbContextFactory<ServingDbContext> contexts, BatchSourceChecks checks, IReplicaSignals signals, IArtifactStore artifacts, IAuditLog audit, IOptions<ServingOptions> options, TimeProvider clock)
    : IBatchJobs
{
    public static ArtifactPath FolderOf(string jobId) => ArtifactPath.Parse($"serving/batch-jobs/{jobId}");

    public async Task<OperationResult<BatchJobInfo>> CreateAsync(BatchJobOrder order, string actor, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var model = await checks.ModelAsync(order.Model, cancellationToken);
        if (!model.Succeeded) return OperationResult<BatchJobInfo>.Fail(model.Error, model.Problems);

        var id = Guid.CreateVersion7().ToString("N");
        var job = order.Upload is { } upload
            ? await FromUploadAsync(id, model.Value!, upload, cancellationToken)
            : await FromDatasetAsync(model.Value!, order.Dataset, cancellationToken);
        if (!job.Succeeded) return OperationResult<BatchJobInfo>.Fail(job.Error, job.Problems);

        var source = job.Value!;
        var record = new BatchJobRecord
        {
            Id = id,
            Model = model.Value!.Name,
            Alias = order.Model.Version is null ? order.Model.Alias ?? IModelRegistry.ProductionAlias : null,
            Version = model.Value.Version,
            SourceDataset = source.Dataset,
            SourceDatasetVersion = source.DatasetVersion,
            SourceUpload = source.Upload,
            SourceDescription = source.Description,
            TotalRows = source.Rows,
            OutputName = order.OutputName,
            Status = BatchJobStatus.Queued,
            Trigger = order.Trigger,
            Definition = order.Definition,
            RequestedBy = actor,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.BatchJobs.Add(record);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException) when (order.Definition is not null)
        {
            db.Entry(record).State = EntityState.Detached;
            return OperationResult<BatchJobInfo>.Fail(OperationError.Conflict, "name",
                $"A job of '{order.Definition}' is already queued or running; jobs of one definition never overlap.");
        }

        await audit.RecordAsync(new AuditEvent(actor, "batch-job.created", "batch-job", id,
            $"{record.Model} v{record.Version} on {record.SourceDescription} ({record.Trigger}{(record.Definition is null ? "" : $" of {record.Definition}")})"), cancellationToken);
        await signals.SignalAsync(BatchJobWorker.Queued, cancellationToken);
        return OperationResult<BatchJobInfo>.Ok(record.ToInfo());
    }

    public Task<OperationResult<BatchJobInfo>> QueueAsync(ServingTarget model, BatchSource? dataset, BatchUpload? upload, string actor, CancellationToken cancellationToken) =>
        CreateAsync(new BatchJobOrder(model, dataset, upload, BatchTarget.DefaultName, BatchTriggers.Ui), actor, cancellationToken);

    public async Task<Paged<BatchJobInfo>> ListAsync(string? definition, PageRequest page, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var jobs = db.BatchJobs.AsNoTracking();
        if (definition is not null) jobs = jobs.Where(j => j.Definition == definition);
        var total = await jobs.CountAsync(cancellationToken);
        var items = await jobs.OrderByDescending(j => j.CreatedAt).ThenByDescending(j => j.Id).Skip(page.Skip).Take(page.PageSize).ToListAsync(cancellationToken);
        return new Paged<BatchJobInfo>(items.Select(j => j.ToInfo()).ToList(), page.Page, page.PageSize, total);
    }

    public async Task<BatchJobInfo?> GetAsync(string id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return (await db.BatchJobs.AsNoTracking().SingleOrDefaultAsync(j => j.Id == id, cancellationToken))?.ToInfo();
    }

    /// <summary>The scored CSV of a succeeded job; Conflict while it has none.</summary>
    public async Task<OperationResult<(Stream Content, string Name)>> OpenOutputAsync(string id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var job = await db.BatchJobs.AsNoTracking().SingleOrDefaultAsync(j => j.Id == id, cancellationToken);
        if (job is null) return OperationResult<(Stream, string)>.Fail(OperationError.NotFound, "id", $"There is no batch job '{id}'.");
        if (job.Status != BatchJobStatus.Succeeded || job.OutputPath is null || await artifacts.OpenReadAsync(ArtifactPath.Parse(job.OutputPath), cancellationToken) is not { } content)
            return OperationResult<(Stream, string)>.Fail(OperationError.Conflict, "id", $"Batch job {id} is {job.Status}; its output exists once it has succeeded.");
        return OperationResult<(Stream, string)>.Ok((content, job.OutputName));
    }

    public async Task<OperationResult<BatchJobInfo>> CancelAsync(string id, string actor, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var job = await db.BatchJobs.AsNoTracking().SingleOrDefaultAsync(j => j.Id == id, cancellationToken);
        if (job is null) return OperationResult<BatchJobInfo>.Fail(OperationError.NotFound, "id", $"There is no batch job '{id}'.");
        if (job.Status is not (BatchJobStatus.Queued or BatchJobStatus.Running))
            return OperationResult<BatchJobInfo>.Fail(OperationError.Conflict, "id", $"Batch job {id} already ended as {job.Status}.");

        var now = clock.GetUtcNow().UtcDateTime;
        var cancelledWhileQueued = await db.BatchJobs.Where(j => j.Id == id && j.Status == BatchJobStatus.Queued)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, BatchJobStatus.Cancelled).SetProperty(j => j.FinishedAt, now)
                .SetProperty(j => j.Error, "Cancelled while queued."), cancellationToken) == 1;
        if (cancelledWhileQueued)
        {
            await artifacts.DeleteTreeAsync(FolderOf(id), cancellationToken);
            await audit.RecordAsync(new AuditEvent(actor, "batch-job.cancelled", "batch-job", id, "while queued"), cancellationToken);
        }
        else
        {
            await db.BatchJobs.Where(j => j.Id == id).ExecuteUpdateAsync(s => s.SetProperty(j => j.CancelRequested, true), cancellationToken);
            await signals.SignalAsync(BatchJobWorker.CancelRequested, cancellationToken);
            await audit.RecordAsync(new AuditEvent(actor, "batch-job.cancel-requested", "batch-job", id), cancellationToken);
        }

        return OperationResult<BatchJobInfo>.Ok((await GetAsync(id, cancellationToken))!);
    }

    private async Task<OperationResult<JobSource>> FromDatasetAsync(LoadedModel model, BatchSource? source, CancellationToken cancellationToken)
    {
        if (source?.Dataset is not { Length: > 0 })
            return OperationResult<JobSource>.Fail(OperationError.Invalid, "source", "Name a dataset (and optionally its version) or upload a CSV as multipart/form-data.");
        var version = await checks.DatasetAsync(model, source, cancellationToken);
        if (!version.Succeeded) return OperationResult<JobSource>.Fail(version.Error, version.Problems);
        var dataset = version.Value!;
        return OperationResult<JobSource>.Ok(new JobSource(dataset.Name, dataset.Version, null, $"dataset {dataset.Name} v{dataset.Version}", dataset.RowCount));
    }

    /// <summary>The upload (a CSV, or a ZIP of pictures for an image model) is kept in the job's folder, so a job still queued at a restart can run then.</summary>
    private async Task<OperationResult<JobSource>> FromUploadAsync(string id, LoadedModel model, BatchUpload upload, CancellationToken cancellationToken)
    {
        var path = FolderOf(id).Combine(ArtifactPath.Parse(model.IsImageModel ? "source.zip" : "source.csv"));
        await artifacts.SaveAsync(path, upload.Content, options.Value.MaxCsvRequestBytes, cancellationToken);
        var (pictures, problem) = model.IsImageModel ? await PicturesAsync(path, cancellationToken) : (null, await HeaderProblemAsync(path, model, cancellationToken));
        if (problem is null) return OperationResult<JobSource>.Ok(new JobSource(null, null, path.Value, $"upload {upload.FileName}", pictures));
        await artifacts.DeleteTreeAsync(FolderOf(id), CancellationToken.None);
        return OperationResult<JobSource>.Fail(OperationError.Invalid, "file", problem);
    }

    /// <summary>How many pictures the uploaded ZIP holds, or why it cannot be scored.</summary>
    private async Task<(long? Pictures, string? Problem)> PicturesAsync(ArtifactPath path, CancellationToken cancellationToken)
    {
        await using var content = (await artifacts.OpenReadAsync(path, cancellationToken))!;
        try
        {
            using var archive = new ZipArchive(content, ZipArchiveMode.Read);
            var (pictures, problem) = ImageBatchScorer.PicturesOf(archive);
            return (pictures?.Count, problem);
        }
        catch (InvalidDataException)
        {
            return (null, "The file is not a ZIP: an image model scores a ZIP of .png, .jpg or .jpeg pictures.");
        }
    }

    private async Task<string?> HeaderProblemAsync(ArtifactPath path, LoadedModel model, CancellationToken cancellationToken)
    {
        await using var content = (await artifacts.OpenReadAsync(path, cancellationToken))!;
        using var csv = CsvSource.Open(content);
        try
        {
            if (!csv.Read()) return "The CSV is empty: it needs a header row, then rows.";
        }
        catch (InvalidDataException malformed)
        {
            return malformed.Message;
        }

        var missing = BatchSourceChecks.Missing(model, csv.Record());
        return missing.Count == 0 ? null : $"The CSV lacks the model's column(s) {string.Join(", ", missing)}.";
    }

    private sealed record JobSource(string? Dataset, int? DatasetVersion, string? Upload, string Description, long? Rows);
}
