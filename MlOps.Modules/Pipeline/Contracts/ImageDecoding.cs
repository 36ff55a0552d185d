using MlOps.Modules.Pipeline.Datasets.Images;
using SkiaSharp;

namespace MlOps.Modules.Pipeline.Contracts;

/// <summary>
/// The one way MlOps reads a picture, for training, the predict API, the Predict page and drift alike:
/// PNG or JPEG only, within the size limits, decoded in full (a truncated file is refused), turned upright
/// by its EXIF orientation, transparent pixels laid on white, any bit depth, palette or CMYK read as 8-bit RGB.
/// </summary>
public static class ImageDecoding
{
    /// <summary>Below this many pixels a side there is nothing a model can learn from.</summary>
    public const int MinSide = 8;

    /// <summary>Larger pictures are scaled down to this shorter side: no model input needs more (ResNet-18 reads 224).</summary>
    public const int MaxShorterSide = 256;

    /// <exception cref="ImageRejectedException">The picture cannot be used; the message says why, without naming the file.</exception>
    public static DecodedImage Decode(byte[] content, long maxPixels)
    {
        if (ImageHeader.Read(content) is null)
            throw new ImageRejectedException("is not a PNG or JPEG image (its first bytes match neither format, or its header is cut short).");
        using var data = SKData.CreateCopy(content);
        using var codec = SKCodec.Create(data) ?? throw new ImageRejectedException("has a PNG or JPEG header but cannot be decoded.");
        var (width, height) = (codec.Info.Width, codec.Info.Height);
        if (width < MinSide || height < MinSide)
            throw new ImageRejectedException($"is {width}×{height} pixels; images need at least {MinSide}×{MinSide}.");
        if ((long)width * height > maxPixels)
            throw new ImageRejectedException($"is {width}×{height} pixels; the limit is {maxPixels:N0} pixels per image.");

        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul);
        using var decoded = new SKBitmap(info);
        var result = codec.GetPixels(info, decoded.GetPixels());
        if (result != SKCodecResult.Success)
            throw new ImageRejectedException(result == SKCodecResult.IncompleteInput
                ? "is truncated: the file ends before the picture does."
                : $"cannot be decoded ({result}).");
        return new DecodedImage(Upright(decoded, codec.EncodedOrigin), width, height);
    }

    /// <summary>Applies the EXIF orientation, lays the picture on white and scales it down to <see cref="MaxShorterSide"/>.</summary>
    private static SKBitmap Upright(SKBitmap decoded, SKEncodedOrigin origin)
    {
        var (w, h) = (decoded.Width, decoded.Height);
        var turned = origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;
        var (uprightWidth, uprightHeight) = turned ? (h, w) : (w, h);
        var scale = Math.Min(1f, (float)MaxShorterSide / Math.Min(uprightWidth, uprightHeight));
        var (targetWidth, targetHeight) = (Math.Max(1, (int)Math.Round(uprightWidth * scale)), Math.Max(1, (int)Math.Round(uprightHeight * scale)));

        var target = new SKBitmap(new SKImageInfo(targetWidth, targetHeight, SKColorType.Rgba8888, SKAlphaType.Premul));
        using var canvas = new SKCanvas(target);
        canvas.Clear(SKColors.White);
        canvas.Scale((float)targetWidth / uprightWidth, (float)targetHeight / uprightHeight);
        canvas.Concat(OrientationMatrix(origin, w, h));
        using var image = SKImage.FromBitmap(decoded);
        canvas.DrawImage(image, 0, 0, new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
        canvas.Flush();
        return target;
    }

    /// <summary>Maps stored pixels to where the EXIF orientation says they are seen.</summary>
    private static SKMatrix OrientationMatrix(SKEncodedOrigin origin, int w, int h) => origin switch
    {
        SKEncodedOrigin.TopRight => new SKMatrix(-1, 0, w, 0, 1, 0, 0, 0, 1),
        SKEncodedOrigin.BottomRight => new SKMatrix(-1, 0, w, 0, -1, h, 0, 0, 1),
        SKEncodedOrigin.BottomLeft => new SKMatrix(1, 0, 0, 0, -1, h, 0, 0, 1),
        SKEncodedOrigin.LeftTop => new SKMatrix(0, 1, 0, 1, 0, 0, 0, 0, 1),
        SKEncodedOrigin.RightTop => new SKMatrix(0, -1, h, 1, 0, 0, 0, 0, 1),
        SKEncodedOrigin.RightBottom => new SKMatrix(0, -1, h, -1, 0, w, 0, 0, 1),
        SKEncodedOrigin.LeftBottom => new SKMatrix(0, 1, 0, -1, 0, w, 0, 0, 1),
        _ => SKMatrix.Identity,
    };
}

/// <summary>An upright, opaque 8-bit RGBA picture, with the size it was stored at.</summary>
public sealed class DecodedImage(SKBitmap bitmap, int storedWidth, int storedHeight) : IDisposable
{
    public SKBitmap Bitmap { get; } = bitmap;

    public int StoredWidth { get; } = storedWidth;

    public int StoredHeight { get; } = storedHeight;

    /// <summary>Average luminance from 0 (black) to 1 (white).</summary>
    public double MeanIntensity()
    {
        var pixels = Bitmap.GetPixelSpan();
        double sum = 0;
        for (var i = 0; i + 3 < pixels.Length; i += 4) sum += 0.299 * pixels[i] + 0.587 * pixels[i + 1] + 0.114 * pixels[i + 2];
        return sum / (255.0 * Bitmap.Width * Bitmap.Height);
    }

    /// <summary>
    /// The picture as a lossless PNG: what models read, so every path hands them the same pixels whatever
    /// the original file's orientation, depth, palette or colour model.
    /// </summary>
    public byte[] ToPng()
    {
        using var data = Bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    /// <summary>The picture's horizontal mirror image, for the flipped-image pass (scores of a picture and its mirror averaged).</summary>
    public DecodedImage Mirrored()
    {
        var mirrored = new SKBitmap(Bitmap.Info);
        using (var canvas = new SKCanvas(mirrored))
        {
            canvas.Scale(-1, 1, Bitmap.Width / 2f, 0);
            canvas.DrawBitmap(Bitmap, 0, 0);
        }

        return new DecodedImage(mirrored, StoredWidth, StoredHeight);
    }

    public void Dispose() => Bitmap.Dispose();
}

/// <summary>A picture MlOps cannot use; the message completes a sentence that starts with the file's name.</summary>
public sealed class ImageRejectedException(string message) : Exception(message);
