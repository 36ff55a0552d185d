using System.IO.Compression;
using Microsoft.Extensions.Caching.Memory;
using MlOps.Modules.Pipeline.Contracts;
using MlOps.Modules.Pipeline.Data;
using MlOps.Modules.Pipeline.Datasets.Images;
using MlOps.Modules.Pipeline.Datasets.Queries;
using MlOps.Modules.Pipeline.Datasets.Schema;
using MlOps.Modules.Platform.Contracts;

namespace MlOps.Modules.Pipeline.Datasets.Reference;

/// <summary>
/// Draws <see cref="ReferenceSample"/>s with the parsers that analysed the upload. Versions never change, so a
/// sample is drawn once per version and size and kept (a bounded number of them, the least used going first).
/// </summary>
internal sealed class ReferenceSampler(IArtifactStore store) : IDisposable
{
    private const int CachedSamples = 32;
    private static readonly TimeSpan KeptUnused = TimeSpan.FromHours(1);

    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = CachedSamples });

    public async Task<ReferenceSample> GetAsync(string dataset, DatasetVersionRecord version, int maxRows, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRows, 1);
        var key = (dataset, version.Version, maxRows);
        if (_cache.TryGetValue(key, out ReferenceSample? cached)) return cached!;

        await using var file = await store.OpenReadAsync(ArtifactPath.Parse(version.ArtifactPath), cancellationToken)
            ?? throw new FileNotFoundException($"The file of dataset '{dataset}' version {version.Version} is missing from the artifact store.");
        var sample = version.Kind == DatasetKind.Image
            ? await SampleImagesAsync(file, dataset, version, maxRows, cancellationToken)
            : await SampleCsvAsync(file, dataset, version, maxRows, cancellationToken);
        _cache.Set(key, sample, new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = KeptUnused });
        return sample;
    }

    public void Dispose() => _cache.Dispose();

    private static async Task<ReferenceSample> SampleCsvAsync(Stream file, string dataset, DatasetVersionRecord version, int maxRows, CancellationToken cancellationToken)
    {
        var schema = DatasetMapping.ToInfo(version, dataset).Columns;
        var kept = Enumerable.Range(0, schema.Count)
            .Where(i => schema[i].Type is ColumnType.Numeric or ColumnType.Categorical or ColumnType.Boolean)
            .ToArray();
        var reservoir = new Reservoir<string[]>(maxRows);
        await foreach (var (record, _) in CsvSource.ReadAsync(file, cancellationToken).Skip(1))
            reservoir.Offer(Array.ConvertAll(kept, i => record[i].Trim()));

        var rows = reservoir.Items;
        var columns = kept.Select((index, k) => schema[index] switch
        {
            { Type: ColumnType.Numeric } column => new ReferenceColumn(column.Name, column.Type, version.RowCount, column.Missing,
                Numbers: rows.Select(row => ColumnProfile.TryParseNumber(row[k], out var number) ? number : (double?)null).ToArray()),
            var column => new ReferenceColumn(column.Name, column.Type, version.RowCount, column.Missing,
                Values: rows.Select(row => row[k].Length == 0 ? null : row[k]).ToArray()),
        }).ToArray();
        return new ReferenceSample(dataset, version.Version, DatasetKind.Tabular, version.RowCount, rows.Count, columns);
    }

    /// <summary>Only the sampled images are decoded, so a sample of a large archive costs its size, not the archive's.</summary>
    private static async Task<ReferenceSample> SampleImagesAsync(Stream file, string dataset, DatasetVersionRecord version, int maxRows, CancellationToken cancellationToken)
    {
        await using var archive = await ZipArchive.CreateAsync(file, ZipArchiveMode.Read, leaveOpen: false, entryNameEncoding: null, cancellationToken);
        var reservoir = new Reservoir<(ZipArchiveEntry Entry, string Label)>(maxRows);
        foreach (var entry in archive.Entries)
        {
            var (label, isFolder) = ImageArchiveAnalyzer.CheckPath(entry.FullName);
            if (!isFolder) reservoir.Offer((entry, label));
        }

        var images = reservoir.Items;
        var intensities = new double?[images.Count];
        var widths = new double?[images.Count];
        var heights = new double?[images.Count];
        for (var i = 0; i < images.Count; i++)
        {
            var bytes = await ReadAsync(images[i].Entry, cancellationToken);
            intensities[i] = ImageMeasures.MeanIntensityOf(bytes);
            var header = ImageHeader.Read(bytes);
            widths[i] = header?.Width;
            heights[i] = header?.Height;
        }

        var count = version.RowCount;
        ReferenceColumn[] columns =
        [
            new(ImageMeasures.MeanIntensity, ColumnType.Numeric, count, 0, Numbers: intensities),
            new(ImageMeasures.Width, ColumnType.Numeric, count, 0, Numbers: widths),
            new(ImageMeasures.Height, ColumnType.Numeric, count, 0, Numbers: heights),
            new(ImageMeasures.LabelColumn, ColumnType.Categorical, count, 0, Values: images.Select(image => (string?)image.Label).ToArray()),
        ];
        return new ReferenceSample(dataset, version.Version, DatasetKind.Image, count, images.Count, columns);
    }

    private static async Task<byte[]> ReadAsync(ZipArchiveEntry entry, CancellationToken cancellationToken)
    {
        await using var source = await entry.OpenAsync(cancellationToken);
        using var bytes = new MemoryStream();
        await source.CopyToAsync(bytes, cancellationToken);
        return bytes.ToArray();
    }
}
