using MlOps.Modules.Pipeline.Contracts;
using SkiaSharp;

namespace MlOps.Modules.Serving.Predict;

/// <summary>PNG or JPEG, recognised by its first bytes, not its name, with a bound on its pixels.</summary>
internal static class ImageUpload
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF];

    public static string? ExtensionOf(ReadOnlySpan<byte> content) =>
        content.StartsWith(Png) ? ".png" : content.StartsWith(Jpeg) ? ".jpg" : null;

    /// <summary>Null when the image is acceptable, else why not.</summary>
    public static string? Check(byte[] content, long maxPixels)
    {
        if (ExtensionOf(content) is null) return "The file is not a PNG or JPEG image.";
        using var data = SKData.CreateCopy(content);
        using var codec = SKCodec.Create(data);
        if (codec is null) return "The image could not be read.";
        var pixels = (long)codec.Info.Width * codec.Info.Height;
        return pixels > maxPixels ? $"The image has {pixels:N0} pixels; the limit is {maxPixels:N0}." : null;
    }

    /// <summary>
    /// What a scored image is logged as: its <see cref="ImageMeasures"/>, as floats like every numeric input, so
    /// Monitoring can compare them with the training images. Call it on an image <see cref="Check"/> accepted.
    /// </summary>
    public static Dictionary<string, object?> MeasuresOf(byte[] content)
    {
        using var data = SKData.CreateCopy(content);
        using var codec = SKCodec.Create(data);
        return new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            [ImageMeasures.MeanIntensity] = ImageMeasures.MeanIntensityOf(content) is { } intensity ? (float)intensity : null,
            [ImageMeasures.Width] = (float)codec.Info.Width,
            [ImageMeasures.Height] = (float)codec.Info.Height,
        };
    }
}
