using MlOps.Modules.Registry.Contracts;
using SkiaSharp;

namespace MlOps.Modules.Serving.Models.Onnx;

/// <summary>
/// An image file as an ONNX image model's input: decoded, resized to the signature's size, scaled and normalised per
/// channel, in NCHW or NHWC order. The one place ONNX serving turns pictures into tensors.
/// </summary>
internal static class OnnxImageTensor
{
    /// <exception cref="InvalidDataException">The file is not an image SkiaSharp can decode.</exception>
    public static void Fill(string path, ImageSignature image, Span<float> tensor)
    {
        using var codec = SKCodec.Create(path) ?? throw new InvalidDataException("The image could not be read.");
        var decodedInfo = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var decoded = new SKBitmap(decodedInfo);
        if (codec.GetPixels(decodedInfo, decoded.GetPixels()) is not (SKCodecResult.Success or SKCodecResult.IncompleteInput))
            throw new InvalidDataException("The image could not be decoded.");
        using var sized = decoded.Width == image.Width && decoded.Height == image.Height
            ? decoded.Copy()
            : decoded.Resize(new SKImageInfo(image.Width, image.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.None));
        var pixels = sized.GetPixelSpan();
        var planeSize = image.Width * image.Height;
        for (var p = 0; p < planeSize; p++)
        {
            var (r, g, b) = (pixels[p * 4], pixels[p * 4 + 1], pixels[p * 4 + 2]);
            for (var c = 0; c < image.Channels; c++)
            {
                // A grey model reads luminance; for a grey picture R = G = B, so it is the grey value itself.
                float raw = image.Channels == 1 ? (r == g && g == b ? r : 0.299f * r + 0.587f * g + 0.114f * b) : c == 0 ? r : c == 1 ? g : b;
                var value = (raw * image.Scale - (image.Mean?[c] ?? 0f)) / (image.Std?[c] ?? 1f);
                tensor[image.Layout == "NCHW" ? c * planeSize + p : p * image.Channels + c] = value;
            }
        }
    }
}
