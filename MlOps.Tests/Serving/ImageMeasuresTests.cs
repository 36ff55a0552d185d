using MlOps.Modules.Pipeline.Contracts;
using MlOps.Modules.Serving.Predict;
using SkiaSharp;

namespace MlOps.Tests.Serving;

public sealed class ImageMeasuresTests
{
    [Fact]
    public void A_scored_image_is_logged_as_its_size_and_mean_intensity()
    {
        // By hand: 16×8 pixels, the left half white (luminance 1) and the right half black (0): mean intensity 0.5.
        using var bitmap = new SKBitmap(16, 8);
        for (var x = 0; x < 16; x++)
            for (var y = 0; y < 8; y++) bitmap.SetPixel(x, y, x < 8 ? SKColors.White : SKColors.Black);
        using var image = SKImage.FromBitmap(bitmap);
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);

        using var decoded = ImageUpload.Decode(png.ToArray(), maxPixels: 1_000, out _)!;

        var inputs = ImageUpload.MeasuresOf(decoded);

        Assert.Equal(new Dictionary<string, object?> { [ImageMeasures.MeanIntensity] = 0.5f, [ImageMeasures.Width] = 16f, [ImageMeasures.Height] = 8f }, inputs);
    }
}
