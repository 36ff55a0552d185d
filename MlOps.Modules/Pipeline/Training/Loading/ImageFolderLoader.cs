using System.IO.Compression;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlOps.Modules.Pipeline.Contracts;
using MlOps.Modules.Pipeline.Training.Featurization;

namespace MlOps.Modules.Pipeline.Training.Loading;

/// <summary>
/// Extracts an image dataset (validated at upload: one folder per class) to a working folder and lists
/// it as <c>Image</c> (file path) and <c>Label</c> (folder name) rows.
/// </summary>
internal static class ImageFolderLoader
{
    public const string ImageColumn = "Image";
    public const string LabelColumn = "Label";
    private const int MaxSide = 64;

    public static TrainingData Load(MLContext ml, Stream zip, string workingDirectory, int imageSide)
    {
        Directory.CreateDirectory(workingDirectory);
        var rows = new List<ImageRow>();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Read))
        {
            foreach (var entry in archive.Entries.Where(e => e.Name.Length > 0))
            {
                var parts = entry.FullName.Split('/', StringSplitOptions.RemoveEmptyEntries);
                var label = parts[^2];
                var target = Path.Combine(workingDirectory, $"{rows.Count:D6}{Path.GetExtension(entry.Name)}");
                entry.ExtractToFile(target);
                rows.Add(new ImageRow { Image = target, Label = label });
            }
        }

        var features = new[] { new FeatureColumn(ImageColumn, ColumnType.Image) };
        return new TrainingData(ml.Data.LoadFromEnumerable(rows), features, LabelColumn, Math.Clamp(imageSide, 8, MaxSide))
        {
            WorkingDirectory = workingDirectory,
        };
    }

    private sealed class ImageRow
    {
        [ColumnName(ImageColumn)]
        public string Image { get; set; } = "";

        [ColumnName(LabelColumn)]
        public string Label { get; set; } = "";
    }
}
