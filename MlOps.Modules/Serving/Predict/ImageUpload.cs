using MlOps.Modules.Pipeline.Contracts;

namespace MlOps.Modules.Serving.Predict;

/// <summary>An uploaded picture, read by <see cref="ImageDecoding"/> exactly as training reads a dataset's pictures.</summary>
internal static class ImageUpload
{
    /// <summary>The decoded picture, or null with the reason it cannot be scored.</summary>
    public static DecodedImage? Decode(byte[] content, long maxPixels, out string problem)
    {
        try
        {
            problem = "";
            return ImageDecoding.Decode(content, maxPixels);
        }
        catch (ImageRejectedException rejected)
        {
            problem = $"The image {rejected.Message}";
            return null;
        }
    }

    /// <summary>Writes the picture where the model's image column reads it, in the form training wrote its pictures.</summary>
    public static async Task<string> StageAsync(DecodedImage image, string workDirectory, CancellationToken cancellationToken)
    {
        var path = Path.Combine(Directory.CreateDirectory(workDirectory).FullName, $"predict-{Guid.NewGuid():N}.png");
        await File.WriteAllBytesAsync(path, image.ToPng(), cancellationToken);
        return path;
    }

    /// <summary>
    /// What a scored image is logged as: its <see cref="ImageMeasures"/>, as floats like every numeric input, so
    /// Monitoring can compare them with the training images.
    /// </summary>
    public static Dictionary<string, object?> MeasuresOf(DecodedImage image) => new(StringComparer.Ordinal)
    {
        [ImageMeasures.MeanIntensity] = (float)image.MeanIntensity(),
        [ImageMeasures.Width] = (float)image.StoredWidth,
        [ImageMeasures.Height] = (float)image.StoredHeight,
    };
}
