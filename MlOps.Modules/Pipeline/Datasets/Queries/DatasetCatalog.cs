using System.IO.Compression;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MlOps.Modules.Pipeline.Contracts;
using MlOps.Modules.Pipeline.Data;
using MlOps.Modules.Pipeline.Datasets.Images;
using MlOps.Modules.Pipeline.Datasets.Reference;
using MlOps.Modules.Pipeline.Datasets.Samples;
using MlOps.Modules.Pipeline.Datasets.Upload;
using MlOps.Modules.Platform.Contracts;
using SkiaSharp;

namespace MlOps.Modules.Pipeline.Datasets.Queries;

internal sealed class DatasetCatalog(
    IDbContextFactory<PipelineDbContext> contexts, IArtifactStore store, DatasetUploader uploader, SampleDatasets samples, SamplePipelines samplePipelines, ReferenceSampler referenceSampler,
    IOptions<DatasetOptions> options) : IDatasetCatalog
{
    public async Task<Paged<DatasetSummary>> ListAsync(PageRequest page, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var total = await db.Datasets.CountAsync(cancellationToken);
        var items = await db.Datasets.AsNoTracking()
            .OrderBy(d => d.Name)
            .Skip(page.Skip)
            .Take(page.PageSize)
            .Select(d => new
            {
                d.Name,
                d.Description,
                d.Kind,
                Latest = d.Versions.OrderByDescending(v => v.Version).Select(v => new { v.Version, v.CreatedAt }).First(),
                Count = d.Versions.Count,
            })
            .ToListAsync(cancellationToken);
        return new Paged<DatasetSummary>(
            items.Select(d => new DatasetSummary(d.Name, d.Description, d.Kind, d.Latest.Version, d.Count, d.Latest.CreatedAt)).ToList(),
            page.Page, page.PageSize, total);
    }

    public async Task<DatasetDetails?> GetAsync(string name, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var dataset = await db.Datasets.AsNoTracking().Include(d => d.Versions).SingleOrDefaultAsync(d => d.Name == name, cancellationToken);
        return dataset is null
            ? null
            : new DatasetDetails(dataset.Name, dataset.Description, dataset.Kind, dataset.CreatedAt, dataset.CreatedBy,
                dataset.Versions.OrderByDescending(v => v.Version).Select(v => DatasetMapping.ToInfo(v, dataset.Name)).ToList());
    }

    public async Task<DatasetVersionInfo?> GetVersionAsync(string name, int? version, CancellationToken cancellationToken) =>
        await FindAsync(name, version, cancellationToken) is { } record ? DatasetMapping.ToInfo(record, name) : null;

    public async Task<ReferenceStatistics?> GetReferenceStatisticsAsync(string name, int? version, CancellationToken cancellationToken)
    {
        if (await FindAsync(name, version, cancellationToken) is not { } record) return null;
        var statistics = DatasetJson.Deserialize<StoredStatistics>(record.StatisticsJson);
        return new ReferenceStatistics(name, record.Version, record.Kind, record.RowCount, statistics.Columns, statistics.Images);
    }

    public async Task<ReferenceSample?> GetReferenceSampleAsync(string name, int? version, int maxRows, CancellationToken cancellationToken) =>
        await FindAsync(name, version, cancellationToken) is { } record ? await referenceSampler.GetAsync(name, record, maxRows, cancellationToken) : null;

    public async Task<DatasetPreview?> GetPreviewAsync(string name, int? version, int rows, CancellationToken cancellationToken)
    {
        if (await FindAsync(name, version, cancellationToken) is not { } record) return null;
        var preview = DatasetJson.Deserialize<DatasetPreview>(record.PreviewJson);
        return preview with { Rows = preview.Rows.Take(rows).ToList() };
    }

    public async Task<Stream?> OpenFileAsync(string name, int? version, CancellationToken cancellationToken) =>
        await FindAsync(name, version, cancellationToken) is { } record ? await store.OpenReadAsync(ArtifactPath.Parse(record.ArtifactPath), cancellationToken) : null;

    public async Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> GetImageSamplesAsync(string name, int version, CancellationToken cancellationToken) =>
        await FindAsync(name, version, cancellationToken) is { ImageSamplesJson: { } json }
            ? DatasetJson.Deserialize<SortedDictionary<string, string[]>>(json).ToDictionary(s => s.Key, s => (IReadOnlyList<string>)s.Value, StringComparer.Ordinal)
            : new Dictionary<string, IReadOnlyList<string>>();

    public async Task<DatasetImage?> GetImageAsync(string name, int version, string entry, int maxSide, CancellationToken cancellationToken)
    {
        if (await FindAsync(name, version, cancellationToken) is not { Kind: DatasetKind.Image } record) return null;
        await using var file = await store.OpenReadAsync(ArtifactPath.Parse(record.ArtifactPath), cancellationToken);
        if (file is null) return null;
        await using var archive = await ZipArchive.CreateAsync(file, ZipArchiveMode.Read, leaveOpen: false, entryNameEncoding: null, cancellationToken);
        if (archive.GetEntry(entry) is not { } zipEntry || zipEntry.FullName.EndsWith('/')) return null;
        await using var source = await zipEntry.OpenAsync(cancellationToken);
        using var bytes = new MemoryStream();
        await source.CopyToAsync(bytes, cancellationToken);
        var content = bytes.ToArray();
        if (ImageHeader.Read(content) is not { } header) return null;
        return Math.Max(header.Width, header.Height) <= maxSide ? new DatasetImage(content, header.ContentType) : Shrink(content, header, maxSide);
    }

    public DatasetUploadLimits GetUploadLimits() =>
        new(options.Value.MaxUploadBytes, options.Value.MaxArchiveEntries, options.Value.MaxUncompressedBytes, options.Value.MaxImagePixels);

    public Task<OperationResult<DatasetUploadResult>> UploadAsync(DatasetUpload upload, string actor, CancellationToken cancellationToken) =>
        uploader.UploadAsync(upload, actor, cancellationToken);

    public async Task<IReadOnlyList<DatasetVersionInfo>> ImportSamplesAsync(string actor, CancellationToken cancellationToken)
    {
        var imported = await samples.ImportAsync(uploader, actor, cancellationToken);
        await samplePipelines.EnsureAsync(imported.Select(v => v.Name).ToHashSet(), actor, cancellationToken);
        return imported;
    }

    private static DatasetImage? Shrink(byte[] content, ImageHeader header, int maxSide)
    {
        using var original = SKBitmap.Decode(content);
        if (original is null) return null;
        var scale = (double)maxSide / Math.Max(header.Width, header.Height);
        var size = new SKImageInfo(Math.Max(1, (int)(header.Width * scale)), Math.Max(1, (int)(header.Height * scale)));
        using var resized = original.Resize(size, new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
        using var image = SKImage.FromBitmap(resized);
        using var encoded = image.Encode(SKEncodedImageFormat.Png, 90);
        return new DatasetImage(encoded.ToArray(), "image/png");
    }

    private async Task<DatasetVersionRecord?> FindAsync(string name, int? version, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var versions = db.DatasetVersions.AsNoTracking().Where(v => v.Dataset.Name == name);
        return await (version is { } number
            ? versions.SingleOrDefaultAsync(v => v.Version == number, cancellationToken)
            : versions.OrderByDescending(v => v.Version).FirstOrDefaultAsync(cancellationToken));
    }
}
