using MlOps.Modules.Pipeline.Datasets.Images;

namespace MlOps.Modules.Pipeline.Contracts;

/// <summary>
/// Per-image measures that image drift compares, named as inputs: Pipeline measures the images of a dataset's
/// reference sample, Serving each image it scores, both with <see cref="MeanIntensityOf"/>.
/// </summary>
public static class ImageMeasures
{
    public const string MeanIntensity = "image.meanIntensity";
    public const string Width = "image.width";
    public const string Height = "image.height";

    /// <summary>The label column of an image dataset: the class folder of each image.</summary>
    public const string LabelColumn = ImageArchiveAnalyzer.LabelColumn;

    public static IReadOnlyList<string> Names { get; } = [MeanIntensity, Width, Height];

    /// <summary>Average luminance from 0 (black) to 1 (white), as in <see cref="ImageStatistics"/>; null when the picture cannot be used.</summary>
    public static double? MeanIntensityOf(byte[] image)
    {
        try
        {
            using var decoded = ImageDecoding.Decode(image, long.MaxValue);
            return decoded.MeanIntensity();
        }
        catch (ImageRejectedException)
        {
            return null;
        }
    }
}
