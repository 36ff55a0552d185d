using System.Security.Cryptography;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MlOps.Modules.Pipeline.Contracts;
using MlOps.Modules.Pipeline.Data;
using MlOps.Modules.Pipeline.Datasets.Images;
using MlOps.Modules.Pipeline.Datasets.Queries;
using MlOps.Modules.Pipeline.Datasets.Schema;
using MlOps.Modules.Platform.Contracts;

namespace MlOps.Modules.Pipeline.Datasets.Upload;

/// <summary>
/// Turns an uploaded file into a dataset version: buffer and hash it, reject it with a reason or
/// profile it, write it to the artifact store under a path keyed by its hash, then commit the row.
/// A rejected upload leaves nothing behind.
/// </summary>
internal sealed class DatasetUploader(
    IDbContextFactory<PipelineDbContext> contexts,
    IArtifactStore store,
    IAuditLog audit,
    IValidator<DatasetUpload> validator,
    IOptions<DatasetOptions> options,
    IOptions<MlOpsOptions> platform,
    UploadGate gate,
    TimeProvider clock)
{
    private const string FileField = "file";
    private const int BufferSize = 81920;

    public async Task<OperationResult<DatasetUploadResult>> UploadAsync(DatasetUpload upload, string actor, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var validation = await validator.ValidateAsync(upload, cancellationToken);
        if (!validation.IsValid) return OperationResult<DatasetUploadResult>.Fail(OperationError.Invalid, validation.ToDictionary().AsReadOnly());

        var work = Directory.CreateDirectory(platform.Value.WorkDirectory).FullName;
        await using var buffered = new FileStream(Path.Combine(work, $"upload-{Guid.NewGuid():N}"), FileMode.CreateNew,
            FileAccess.ReadWrite, FileShare.None, BufferSize, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        var hash = await BufferAsync(upload.Content, buffered, cancellationToken);
        if (hash is null) return Invalid($"The file is larger than the upload limit of {options.Value.MaxUploadBytes:N0} bytes (Pipeline:Datasets:MaxUploadBytes).");
        if (buffered.Length == 0) return Invalid("The file is empty.");

        if (await FindVersionAsync(db, upload.Name, hash, cancellationToken) is { } existing)
            return await UnchangedAsync(existing, actor, cancellationToken);

        DatasetAnalysis analysis;
        try
        {
            analysis = await AnalyzeAsync(upload.FileName, buffered, cancellationToken);
        }
        catch (Exception rejection) when (rejection is DatasetRejectedException or InvalidDataException)
        {
            return Invalid(rejection.Message);
        }

        using (await gate.EnterAsync(cancellationToken))
        {
            if (await FindVersionAsync(db, upload.Name, hash, cancellationToken) is { } raced)
                return await UnchangedAsync(raced, actor, cancellationToken);

            var dataset = await db.Datasets.SingleOrDefaultAsync(d => d.Name == upload.Name, cancellationToken);
            if (dataset is not null && dataset.Kind != analysis.Kind)
                return Invalid($"Dataset '{upload.Name}' holds {Describe(dataset.Kind)}; a new version must too. Upload {Describe(analysis.Kind)} under another name.");

            var folder = ArtifactPath.Parse($"datasets/{upload.Name}/{hash}");
            var file = folder.Combine(ArtifactPath.Parse(analysis.Kind == DatasetKind.Image ? "images.zip" : "data.csv"));
            buffered.Position = 0;
            var stored = await store.SaveAsync(file, buffered, options.Value.MaxUploadBytes, cancellationToken);
            try
            {
                var record = await CommitAsync(db, dataset, upload, actor, hash, file, stored.Size, analysis, cancellationToken);
                var version = DatasetMapping.ToInfo(record, upload.Name);
                await audit.RecordAsync(new AuditEvent(actor, "dataset.version.created", "dataset", $"{upload.Name}/{version.Version}",
                    $"{version.Kind}, {version.RowCount} rows, {version.FileName}, sha256 {hash}"), CancellationToken.None);
                return OperationResult<DatasetUploadResult>.Ok(new DatasetUploadResult(version, Created: true));
            }
            catch
            {
                await store.DeleteTreeAsync(dataset is null ? ArtifactPath.Parse($"datasets/{upload.Name}") : folder, CancellationToken.None);
                throw;
            }
        }
    }

    private async Task<DatasetVersionRecord> CommitAsync(PipelineDbContext db, DatasetRecord? dataset, DatasetUpload upload, string actor, string hash,
        ArtifactPath file, long size, DatasetAnalysis analysis, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var description = string.IsNullOrWhiteSpace(upload.Description) ? null : upload.Description.Trim();
        if (dataset is null)
        {
            dataset = new DatasetRecord { Name = upload.Name, Description = description, Kind = analysis.Kind, CreatedAt = now, CreatedBy = actor };
            db.Datasets.Add(dataset);
        }
        else if (description is not null)
        {
            dataset.Description = description;
        }

        var latest = dataset.Id == 0 ? 0 : await db.DatasetVersions.Where(v => v.DatasetId == dataset.Id).MaxAsync(v => (int?)v.Version, cancellationToken) ?? 0;
        var record = new DatasetVersionRecord
        {
            Dataset = dataset,
            Version = latest + 1,
            ContentHash = hash,
            Kind = analysis.Kind,
            FileName = Path.GetFileName(upload.FileName),
            ArtifactPath = file.Value,
            SizeBytes = size,
            RowCount = analysis.RowCount,
            Description = description,
            ColumnsJson = DatasetJson.Serialize(analysis.Columns),
            ClassesJson = analysis.Classes is null ? null : DatasetJson.Serialize(analysis.Classes),
            StatisticsJson = DatasetJson.Serialize(new StoredStatistics(analysis.ColumnStatistics, analysis.Images)),
            PreviewJson = DatasetJson.Serialize(analysis.Preview),
            ImageSamplesJson = analysis.ImageSamples is null ? null : DatasetJson.Serialize(analysis.ImageSamples),
            CreatedAt = now,
            CreatedBy = actor,
        };
        db.DatasetVersions.Add(record);
        // Not cancellable: the file is already stored, and a commit abandoned halfway would leave it without a version.
        await db.SaveChangesAsync(CancellationToken.None);
        return record;
    }

    private async Task<DatasetAnalysis> AnalyzeAsync(string fileName, FileStream content, CancellationToken cancellationToken)
    {
        var head = new byte[4];
        content.Position = 0;
        var headLength = await content.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken);
        var isZip = headLength == 4 && head[0] == 'P' && head[1] == 'K' && head[2] is 3 or 5 && head[3] is 4 or 6;
        if (isZip) return await new ImageArchiveAnalyzer(options.Value).AnalyzeAsync(content, cancellationToken);
        if (fileName.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
            throw new DatasetRejectedException("The file is named .zip but is not a ZIP archive.");
        if (await HoldsNulBytesAsync(content, cancellationToken))
            throw new DatasetRejectedException("The file is binary, not text: upload a UTF-8 CSV with a header row, or a ZIP of one folder per class of PNG/JPEG images.");
        return await CsvAnalyzer.AnalyzeAsync(content, cancellationToken);
    }

    private static async Task<bool> HoldsNulBytesAsync(Stream content, CancellationToken cancellationToken)
    {
        var head = new byte[8192];
        content.Position = 0;
        var read = await content.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken);
        return head.AsSpan(0, read).Contains((byte)0);
    }

    private async Task<string?> BufferAsync(Stream source, Stream target, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[BufferSize];
        long size = 0;
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
        {
            size += read;
            if (size > options.Value.MaxUploadBytes) return null;
            hash.AppendData(buffer, 0, read);
            await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }

        await target.FlushAsync(cancellationToken);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static Task<DatasetVersionRecord?> FindVersionAsync(PipelineDbContext db, string name, string hash, CancellationToken cancellationToken) =>
        db.DatasetVersions.AsNoTracking().Include(v => v.Dataset)
            .SingleOrDefaultAsync(v => v.Dataset.Name == name && v.ContentHash == hash, cancellationToken);

    private async Task<OperationResult<DatasetUploadResult>> UnchangedAsync(DatasetVersionRecord existing, string actor, CancellationToken cancellationToken)
    {
        var version = DatasetMapping.ToInfo(existing, existing.Dataset.Name);
        await audit.RecordAsync(new AuditEvent(actor, "dataset.version.reuploaded", "dataset", $"{version.Name}/{version.Version}",
            $"Same bytes as version {version.Version} (sha256 {version.ContentHash}); nothing new stored."), cancellationToken);
        return OperationResult<DatasetUploadResult>.Ok(new DatasetUploadResult(version, Created: false));
    }

    private static string Describe(DatasetKind kind) => kind == DatasetKind.Image ? "images (a ZIP)" : "a table (a CSV)";

    private static OperationResult<DatasetUploadResult> Invalid(string reason) =>
        OperationResult<DatasetUploadResult>.Fail(OperationError.Invalid, FileField, reason);
}
