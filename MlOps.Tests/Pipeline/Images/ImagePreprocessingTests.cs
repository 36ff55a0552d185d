using Microsoft.ML;
using Microsoft.ML.Data;
using MlOps.Modules.Pipeline.Contracts;
using MlOps.Modules.Pipeline.Training;
using MlOps.Modules.Pipeline.Training.Featurization;
using MlOps.Modules.Pipeline.Training.Loading;
using MlOps.Modules.Pipeline.Training.Trainers;
using MlOps.Modules.Serving.Predict;

namespace MlOps.Tests.Pipeline.Images;

/// <summary>
/// The pixels a model sees, through the training path (a dataset archive extracted for a run) and the upload
/// path (a picture sent to the predict API or the Predict page), for awkward but ordinary files.
/// </summary>
public sealed class ImagePreprocessingTests : IDisposable
{
    private static readonly string[] Awkward = ["upright.png", "rotated-exif.jpg", "palette.png", "deep-16bit.png"];

    private readonly MLContext _ml = TrainingContext.Create(seed: 1);
    private readonly string _work = Path.Combine(Path.GetTempPath(), "mlops-tests", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Upload_path_gives_the_model_the_same_pixels_as_the_training_path()
    {
        var zip = DatasetApi.Zip([.. Awkward.Select((file, i) => ($"{(i < 2 ? "a" : "b")}/{file}", Fixture(file)))]);
        using var data = ImageFolderLoader.Load(_ml, new MemoryStream(zip), _work, imageSide: 28);
        var pixels = Featurizer.Build(_ml, data.Features, normalize: false, data.ImageSide).Fit(data.Rows);
        var training = pixels.Transform(data.Rows).GetColumn<float[]>(TrainerCatalog.Features).ToList();

        for (var i = 0; i < Awkward.Length; i++)
        {
            var uploaded = await UploadPixelsAsync(pixels, Fixture(Awkward[i]));
            Assert.True(training[i].SequenceEqual(uploaded), $"{Awkward[i]}: the upload path gave other pixels than training");
        }
    }

    [Fact]
    public async Task A_jpeg_with_an_exif_rotation_reads_upright()
    {
        var pixels = PixelModel();

        var upright = await UploadPixelsAsync(pixels, Fixture("upright.png"));
        var rotated = await UploadPixelsAsync(pixels, Fixture("rotated-exif.jpg"));

        // JPEG is lossy: near, not equal; read sideways the picture would differ almost everywhere.
        Assert.True(MeanDifference(upright, rotated) < 0.02, $"mean difference {MeanDifference(upright, rotated):F3}");
    }

    [Theory]
    [InlineData("palette.png", "palette-as-rgb.png")]
    [InlineData("deep-16bit.png", "upright.png")]
    [InlineData("transparent.png", "transparent-on-white.png")]
    public async Task Palette_16_bit_and_transparent_pngs_read_as_their_8_bit_opaque_twins(string file, string twin)
    {
        var pixels = PixelModel();

        Assert.Equal(await UploadPixelsAsync(pixels, Fixture(twin)), await UploadPixelsAsync(pixels, Fixture(file)));
    }

    [Fact]
    public void A_cmyk_jpeg_reads_in_its_colours()
    {
        using var cmyk = ImageDecoding.Decode(Fixture("cmyk.jpg"), long.MaxValue);
        using var rgb = ImageDecoding.Decode(Fixture("upright.jpg"), long.MaxValue);

        var difference = cmyk.Bitmap.GetPixelSpan().ToArray().Zip(rgb.Bitmap.GetPixelSpan().ToArray(), (a, b) => Math.Abs(a - b)).Average();
        Assert.True(difference < 8, $"mean difference {difference:F1} of 255");
    }

    [Theory]
    [InlineData("truncated.jpg", "is truncated")]
    [InlineData("tiny-1x1.png", "is 1×1 pixels; images need at least 8×8")]
    public void Unusable_pictures_are_refused_with_the_reason(string file, string reason)
    {
        var refused = Assert.Throws<ImageRejectedException>(() => ImageDecoding.Decode(Fixture(file), long.MaxValue));

        Assert.Contains(reason, refused.Message);
    }

    [Fact]
    public void A_picture_over_the_pixel_limit_is_refused_before_it_is_decoded()
    {
        var refused = Assert.Throws<ImageRejectedException>(() => ImageDecoding.Decode(Fixture("upright.png"), maxPixels: 500));

        Assert.Contains("is 32×24 pixels; the limit is 500 pixels", refused.Message);
    }

    public void Dispose()
    {
        if (Directory.Exists(_work)) Directory.Delete(_work, recursive: true);
    }

    internal static byte[] Fixture(string file) => DatasetApi.TestFile(Path.Combine("images", file));

    /// <summary>The raw-pixel featurisation of an image model, fitted on the pictures the tests compare.</summary>
    private ITransformer PixelModel()
    {
        var zip = DatasetApi.Zip(("a/1.png", Fixture("upright.png")), ("a/2.png", Fixture("palette.png")));
        var data = ImageFolderLoader.Load(_ml, new MemoryStream(zip), _work, imageSide: 28);
        return Featurizer.Build(_ml, data.Features, normalize: false, data.ImageSide).Fit(data.Rows);
    }

    /// <summary>What a model's pixels are for a picture sent to the predict API, staged as the API stages it.</summary>
    private async Task<float[]> UploadPixelsAsync(ITransformer pixels, byte[] content)
    {
        using var image = ImageUpload.Decode(content, maxPixels: 4_000_000, out var problem) ?? throw new InvalidDataException(problem);
        var path = await ImageUpload.StageAsync(image, _work, CancellationToken.None);
        try
        {
            var row = _ml.Data.LoadFromEnumerable([new Row { Image = path, Label = "a" }]);
            return pixels.Transform(row).GetColumn<float[]>(TrainerCatalog.Features).Single();
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static double MeanDifference(float[] a, float[] b) => a.Zip(b, (x, y) => Math.Abs(x - y)).Average();

    private sealed class Row
    {
        [ColumnName(ImageFolderLoader.ImageColumn)]
        public string Image { get; set; } = "";

        [ColumnName(ImageFolderLoader.LabelColumn)]
        public string Label { get; set; } = "";
    }
}
