using System.IO.Compression;
using System.Security.Cryptography;
using MlOps.Modules.Pipeline.Contracts;
using MlOps.Modules.Pipeline.Datasets.Statistics;

namespace MlOps.Modules.Pipeline.Datasets.Images;

/// <summary>
/// Checks a ZIP of one folder per class and profiles its pictures. Sizes declared in the archive are
/// never trusted: bytes are counted as they inflate, an entry's header is checked once its first block is in,
/// and no entry may grow past what an image at the pixel limit needs, so a zip bomb stops within a block.
/// </summary>
internal sealed class ImageArchiveAnalyzer(DatasetOptions limits)
{
    public const string ImageColumn = "Image";
    public const string LabelColumn = "Label";
    private const int SamplesPerClass = 8;
    private const int PreviewRows = 100;
    private const int IntensityBins = 10;
    private const int HeaderBlockBytes = 64 * 1024;
    private const long RatioCheckThreshold = 1024 * 1024;

    private long _inflated;

    public async Task<DatasetAnalysis> AnalyzeAsync(Stream content, CancellationToken cancellationToken)
    {
        content.Position = 0;
        ZipArchive archive;
        try
        {
            archive = await ZipArchive.CreateAsync(content, ZipArchiveMode.Read, leaveOpen: true, entryNameEncoding: null, cancellationToken);
        }
        catch (InvalidDataException exception)
        {
            throw new DatasetRejectedException($"The file is not a readable ZIP archive: {exception.Message}");
        }

        await using (archive)
        {
            if (archive.Entries.Count > limits.MaxArchiveEntries)
                throw new DatasetRejectedException($"The archive holds {archive.Entries.Count:N0} entries; the limit is {limits.MaxArchiveEntries:N0} (Pipeline:Datasets:MaxArchiveEntries).");
            return await ProfileAsync(archive, cancellationToken);
        }
    }

    private async Task<DatasetAnalysis> ProfileAsync(ZipArchive archive, CancellationToken cancellationToken)
    {
        var classes = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var samples = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var sizes = new Dictionary<string, int>(StringComparer.Ordinal);
        var hashes = new HashSet<string>(StringComparer.Ordinal);
        var intensities = new List<double>();
        var moments = new RunningMoments();
        var preview = new List<IReadOnlyDictionary<string, string?>>();
        int minWidth = int.MaxValue, maxWidth = 0, minHeight = int.MaxValue, maxHeight = 0;

        foreach (var entry in archive.Entries)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (label, isFolder) = CheckPath(entry.FullName);
            if (isFolder) continue;

            var (bytes, header) = await InflateAsync(entry, cancellationToken);

            var intensity = DecodeIntensity(entry.FullName, bytes);
            intensities.Add(intensity);
            moments.Add(intensity);
            hashes.Add(Convert.ToHexString(SHA256.HashData(bytes)));
            classes[label] = classes.GetValueOrDefault(label) + 1;
            var labelSamples = samples.TryGetValue(label, out var list) ? list : samples[label] = [];
            if (labelSamples.Count < SamplesPerClass) labelSamples.Add(entry.FullName);
            var size = $"{header.Width}x{header.Height}";
            sizes[size] = sizes.GetValueOrDefault(size) + 1;
            (minWidth, maxWidth) = (Math.Min(minWidth, header.Width), Math.Max(maxWidth, header.Width));
            (minHeight, maxHeight) = (Math.Min(minHeight, header.Height), Math.Max(maxHeight, header.Height));
            if (preview.Count < PreviewRows) preview.Add(new Dictionary<string, string?> { [ImageColumn] = entry.FullName, [LabelColumn] = label });
        }

        if (classes.Count == 0)
            throw new DatasetRejectedException("The archive holds no class folders with images: put each class's PNG or JPEG images in a folder named after the class, e.g. cat/1.png and dog/2.jpg.");

        var rows = moments.Count;
        var histogram = new HistogramBuilder(0, 1, IntensityBins);
        foreach (var intensity in intensities) histogram.Add(intensity);
        var images = new ImageStatistics(rows, minWidth, maxWidth, minHeight, maxHeight, sizes, moments.Mean, moments.StandardDeviation, histogram.Build(), classes);
        var columns = new[]
        {
            new DatasetColumn(ImageColumn, ColumnType.Image, 0, hashes.Count),
            new DatasetColumn(LabelColumn, ColumnType.Categorical, 0, classes.Count),
        };
        var statistics = new[]
        {
            new ColumnStatistics(ImageColumn, ColumnType.Image, rows, 0, hashes.Count),
            new ColumnStatistics(LabelColumn, ColumnType.Categorical, rows, 0, classes.Count, Frequencies: classes),
        };
        return new DatasetAnalysis(DatasetKind.Image, rows, columns, classes, statistics, images,
            new DatasetPreview([ImageColumn, LabelColumn], preview),
            samples.ToDictionary(s => s.Key, s => (IReadOnlyList<string>)s.Value, StringComparer.Ordinal));
    }

    /// <summary>The class label of an entry that sits exactly one folder deep, or a folder entry to skip.</summary>
    internal static (string Label, bool IsFolder) CheckPath(string fullName)
    {
        if (fullName.Contains('\\') || fullName.StartsWith('/') || (fullName.Length > 1 && fullName[1] == ':') || fullName.Any(char.IsControl))
            throw new DatasetRejectedException($"Entry '{fullName}' has an absolute or non-portable path; entries must be relative, like class/image.png.");
        var isFolder = fullName.EndsWith('/');
        var segments = fullName.TrimEnd('/').Split('/');
        if (segments.Any(s => s is "" or "." or ".."))
            throw new DatasetRejectedException($"Entry '{fullName}' escapes its folder ('..', '.' or an empty folder name); entries must look like class/image.png.");
        if (isFolder)
        {
            return segments.Length == 1
                ? (segments[0], true)
                : throw new DatasetRejectedException($"Folder '{fullName}' is nested deeper than class/image; put images directly in one folder per class.");
        }

        if (segments.Length == 1)
            throw new DatasetRejectedException($"Entry '{fullName}' is not inside a class folder; put each image in a folder named after its class.");
        if (segments.Length > 2)
            throw new DatasetRejectedException($"Entry '{fullName}' is nested deeper than class/image; put images directly in one folder per class.");
        if (!ImageHeader.HasImageExtension(segments[1]))
            throw new DatasetRejectedException($"Entry '{fullName}' is not a PNG or JPEG image (.png, .jpg or .jpeg).");
        return (segments[0], false);
    }

    private async Task<(byte[] Bytes, ImageHeader Header)> InflateAsync(ZipArchiveEntry entry, CancellationToken cancellationToken)
    {
        try
        {
            await using var source = await entry.OpenAsync(cancellationToken);
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            ImageHeader? header = null;
            int read;
            while ((read = await source.ReadAsync(chunk, cancellationToken)) > 0)
            {
                _inflated += read;
                if (_inflated > limits.MaxUncompressedBytes)
                    throw new DatasetRejectedException($"The archive expands to more than {limits.MaxUncompressedBytes:N0} bytes (reached while reading '{entry.FullName}'); the limit is Pipeline:Datasets:MaxUncompressedBytes.");
                buffer.Write(chunk, 0, read);
                if (buffer.Length > RatioCheckThreshold && buffer.Length / Math.Max(entry.CompressedLength, 1) > limits.MaxCompressionRatio)
                    throw new DatasetRejectedException($"Entry '{entry.FullName}' inflates more than {limits.MaxCompressionRatio} times its compressed size: it looks like a zip bomb (Pipeline:Datasets:MaxCompressionRatio).");
                if (buffer.Length > limits.MaxImageFileBytes)
                    throw new DatasetRejectedException($"Entry '{entry.FullName}' is larger than {limits.MaxImageFileBytes:N0} bytes, more than any image within the pixel limit needs (Pipeline:Datasets:MaxImagePixels).");
                if (header is null && buffer.Length >= HeaderBlockBytes) header = CheckHeader(entry, buffer);
            }

            return (buffer.ToArray(), header ?? CheckHeader(entry, buffer));
        }
        catch (InvalidDataException exception)
        {
            throw new DatasetRejectedException($"Entry '{entry.FullName}' is corrupt: {exception.Message}");
        }
        catch (NotSupportedException exception)
        {
            throw new DatasetRejectedException($"Entry '{entry.FullName}' cannot be read ({exception.Message}); store images uncompressed or with Deflate, unencrypted.");
        }
    }

    private ImageHeader CheckHeader(ZipArchiveEntry entry, MemoryStream inflated)
    {
        var header = ImageHeader.Read(inflated.GetBuffer().AsSpan(0, (int)inflated.Length))
            ?? throw new DatasetRejectedException($"Entry '{entry.FullName}' is named like an image but is not a PNG or JPEG (its first bytes do not match either format).");
        if ((long)header.Width * header.Height > limits.MaxImagePixels)
            throw new DatasetRejectedException($"Entry '{entry.FullName}' is {header.Width}×{header.Height} pixels; the limit is {limits.MaxImagePixels:N0} pixels per image (Pipeline:Datasets:MaxImagePixels).");
        return header;
    }

    private double DecodeIntensity(string entry, byte[] bytes)
    {
        try
        {
            using var image = ImageDecoding.Decode(bytes, limits.MaxImagePixels);
            return image.MeanIntensity();
        }
        catch (ImageRejectedException rejected)
        {
            throw new DatasetRejectedException($"Entry '{entry}' {rejected.Message}");
        }
    }
}
