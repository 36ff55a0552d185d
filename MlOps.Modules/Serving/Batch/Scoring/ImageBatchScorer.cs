using System.IO.Compression;
using MlOps.Modules.Serving.Models;
using MlOps.Modules.Serving.Predict;

namespace MlOps.Modules.Serving.Batch.Scoring;

/// <summary>
/// Scores the pictures of a ZIP (an image dataset version, or an upload) with an image model into a CSV: the entry's
/// path in the archive, then the prediction columns of the predict API's CSV answers. Each picture is read by
/// <c>ImageDecoding</c> and scored by <see cref="ImageScoring"/>, as a picture sent to the predict API is.
/// </summary>
internal static class ImageBatchScorer
{
    public const string FileColumn = "file";
    private static readonly string[] PictureExtensions = [".png", ".jpg", ".jpeg"];

    /// <summary>The archive's pictures, or the reason it cannot be scored (checked before a job is queued, and again when it runs).</summary>
    public static (IReadOnlyList<ZipArchiveEntry>? Pictures, string? Problem) PicturesOf(ZipArchive archive)
    {
        var files = archive.Entries.Where(e => e.Name.Length > 0).ToList();
        if (files.FirstOrDefault(e => !PictureExtensions.Contains(Path.GetExtension(e.Name).ToLowerInvariant())) is { } other)
            return (null, $"Entry '{other.FullName}' is not a .png, .jpg or .jpeg picture; the ZIP may hold pictures only (in folders or not).");
        return files.Count == 0 ? (null, "The ZIP holds no pictures.") : (files, null);
    }

    /// <exception cref="InvalidDataException">The archive is not a ZIP of pictures, or a picture cannot be read (the message names its entry).</exception>
    public static async Task<long> ScoreAsync(LoadedModel model, Stream source, Stream destination, BatchProgress progress, long maxPictureBytes, long maxPixels,
        string workDirectory, CancellationToken cancellationToken)
    {
        using var archive = new ZipArchive(source, ZipArchiveMode.Read);
        var (pictures, problem) = PicturesOf(archive);
        if (pictures is null) throw new InvalidDataException(problem);

        using var output = new CsvOutput(destination);
        output.AppendField(FileColumn);
        foreach (var column in CsvPredictionWriter.Header(model))
        {
            output.Append(',');
            output.AppendField(column);
        }

        output.Append('\n');
        long rows = 0;
        foreach (var entry in pictures)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var image = ImageUpload.Decode(await ReadAsync(entry, maxPictureBytes, cancellationToken), maxPixels, out var rejected)
                ?? throw new InvalidDataException($"Entry '{entry.FullName}': {rejected}");
            var prediction = await ImageScoring.ScoreAsync(model, image, workDirectory, cancellationToken);
            output.AppendField(entry.FullName);
            foreach (var field in CsvPredictionWriter.Fields(model, prediction))
            {
                output.Append(',');
                output.Append(field);
            }

            output.Append('\n');
            progress.Report(++rows, Math.Min(0.99, (double)rows / pictures.Count));
        }

        output.Flush();
        progress.Report(rows, 1);
        return rows;
    }

    /// <summary>Inflated bytes are counted while reading: the sizes an archive states are not trusted.</summary>
    private static async Task<byte[]> ReadAsync(ZipArchiveEntry entry, long maxBytes, CancellationToken cancellationToken)
    {
        await using var stream = entry.Open();
        using var bytes = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
        {
            if (bytes.Length + read > maxBytes) throw new InvalidDataException($"Entry '{entry.FullName}' is over {maxBytes:N0} bytes, the limit for one picture.");
            bytes.Write(buffer, 0, read);
        }

        return bytes.ToArray();
    }
}
