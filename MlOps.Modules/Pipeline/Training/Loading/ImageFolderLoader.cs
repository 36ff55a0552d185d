using System.IO.Compression;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlOps.Modules.Pipeline.Contracts;
using MlOps.Modules.Pipeline.Training.Featurization;

namespace MlOps.Modules.Pipeline.Training.Loading;

/// <summary>A picture of an image dataset: its archive entry, the prepared copy models read, and its class.</summary>
internal sealed record ImageFile(string Entry, string Path, string Label);

/// <summary>
/// Reads an image dataset (validated at upload: one folder per class) into a working folder, each picture through
/// <see cref="ImageDecoding"/> as the predict API reads uploads, and lists it as <c>Image</c> (file path) and
/// <c>Label</c> (folder name) rows.
/// </summary>
internal static class ImageFolderLoader
{
    public const string ImageColumn = "Image";
    public const string LabelColumn = "Label";
    private const int MaxSide = 64;

    /// <exception cref="TrainingException">A picture cannot be used, or a class has a single picture; the message names the file.</exception>
    public static IReadOnlyList<ImageFile> Extract(Stream zip, string workingDirectory, long maxPixels, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(workingDirectory);
        var images = new List<ImageFile>();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Read))
        {
            foreach (var entry in archive.Entries.Where(e => e.Name.Length > 0))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var parts = entry.FullName.Split('/', StringSplitOptions.RemoveEmptyEntries);
                var target = Path.Combine(workingDirectory, $"{images.Count:D6}.png");
                using (var image = Decode(entry, maxPixels)) File.WriteAllBytes(target, image.ToPng());
                images.Add(new ImageFile(entry.FullName, target, parts[^2]));
            }
        }

        if (images.GroupBy(i => i.Label).FirstOrDefault(g => g.Count() == 1) is { } single)
            throw new TrainingException($"Class '{single.Key}' has a single image ('{single.Single().Entry}'): each class needs at least two, so it can be both learnt and tested.");
        return images;
    }

    /// <summary>The pictures of an archive read in full, as rows of pixels only.</summary>
    public static TrainingData Load(MLContext ml, Stream zip, string workingDirectory, int imageSide) =>
        Load(ml, Extract(zip, workingDirectory, long.MaxValue, CancellationToken.None), workingDirectory, imageSide, embeddings: null);

    /// <param name="embeddings">ResNet-18 features, one per picture in order, or null when no trainer reads them.</param>
    public static TrainingData Load(MLContext ml, IReadOnlyList<ImageFile> images, string workingDirectory, int imageSide, float[][]? embeddings)
    {
        var paths = ml.Data.LoadFromEnumerable(images.Select(i => new ImageRow { Image = i.Path, Label = i.Label }));
        var rows = embeddings is null
            ? paths
            : ml.Data.LoadFromEnumerable(images.Select((i, n) => new EmbeddedImageRow { Image = i.Path, Label = i.Label, Embedding = embeddings[n] }));
        var features = new[] { new FeatureColumn(ImageColumn, ColumnType.Image) };
        return new TrainingData(rows, features, LabelColumn, Math.Clamp(imageSide, 8, MaxSide))
        {
            WorkingDirectory = workingDirectory,
            Inputs = paths,
            Images = images,
        };
    }

    private static DecodedImage Decode(ZipArchiveEntry entry, long maxPixels)
    {
        using var source = entry.Open();
        using var bytes = new MemoryStream();
        source.CopyTo(bytes);
        try
        {
            return ImageDecoding.Decode(bytes.ToArray(), maxPixels);
        }
        catch (ImageRejectedException rejected)
        {
            throw new TrainingException($"Image '{entry.FullName}' {rejected.Message}");
        }
    }

    private sealed class ImageRow
    {
        [ColumnName(ImageColumn)]
        public string Image { get; set; } = "";

        [ColumnName(LabelColumn)]
        public string Label { get; set; } = "";
    }

    private sealed class EmbeddedImageRow
    {
        [ColumnName(ImageColumn)]
        public string Image { get; set; } = "";

        [ColumnName(LabelColumn)]
        public string Label { get; set; } = "";

        [ColumnName(ResNet18Embedding.Column)]
        [VectorType(ResNet18Network.Dimensions)]
        public float[] Embedding { get; set; } = [];
    }
}
