using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MlOps.Modules.Pipeline.Contracts;
using MlOps.Modules.Registry.Contracts;
using MlOps.Modules.Serving.Contracts;
using MlOps.Tests.Pipeline;
using MlOps.Tests.Pipeline.Images;
using SkiaSharp;

namespace MlOps.Tests.Serving;

/// <summary>
/// Pictures scored the one way, whatever asks: the predict API, batch jobs over image datasets and ZIPs, <c>/v2</c> infer,
/// and the flipped-image pass.
/// </summary>
public sealed class ImageScoringTests(ImageModelsFixture fixture) : IClassFixture<ImageModelsFixture>
{
    private const double Tolerance = 1e-5;
    private static readonly string[] Classes = [.. Enumerable.Range(0, 10).Select(d => d.ToString(CultureInfo.InvariantCulture))];

    private HttpClient Admin => fixture.Admin;

    [Theory]
    [InlineData(ImageModelsFixture.Pixels)]
    [InlineData(ImageModelsFixture.ResNet18)]
    [InlineData(ImageModelsFixture.Cnn)]
    [InlineData(ImageModelsFixture.Flipped)]
    public async Task A_batch_job_scores_every_picture_of_an_image_dataset_version_as_the_predict_api_does(string model)
    {
        var created = await Admin.PostAsJsonAsync("/api/v1/batch-jobs", new { model, version = 1, source = new { dataset = ImageModelsFixture.Dataset }, target = $"{model}.csv" });
        var job = await BatchApi.WaitAsync(Admin, (await BatchApi.ReadAsync(created)).Id);

        Assert.True(job.Status == BatchJobStatus.Succeeded, job.Error);
        Assert.Equal(ImageModelsFixture.Digits.Count, job.Rows);
        var lines = (await Admin.GetStringAsync(job.OutputUrl)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(string.Join(',', ["file", "prediction", .. Classes.Select(c => $"probability_{c}")]), lines[0]);
        Assert.Equal(ImageModelsFixture.Digits.Select(d => d.Name), lines.Skip(1).Select(l => l.Split(',')[0]));
        for (var i = 0; i < ImageModelsFixture.Digits.Count; i += 7)
        {
            var (name, content) = ImageModelsFixture.Digits[i];
            var served = await PredictAsync(model, content);
            var fields = lines[1 + i].Split(',');
            Assert.Equal(served.Label, fields[1]);
            for (var c = 0; c < Classes.Length; c++)
                Assert.True(Math.Abs(served.Probabilities[Classes[c]] - double.Parse(fields[2 + c], CultureInfo.InvariantCulture)) < Tolerance, $"{name}, class {c}: {lines[1 + i]}");
        }
    }

    [Fact]
    public async Task A_batch_job_scores_an_uploaded_zip_of_pictures_and_names_a_picture_it_cannot_read()
    {
        var digits = ImageModelsFixture.Digits;
        var zip = DatasetApi.Zip(("loose.png", digits[0].Content), ("a/b.png", digits[1].Content), ("c/d.png", digits[2].Content));
        var scored = await BatchApi.WaitAsync(Admin, (await BatchApi.ReadAsync(await BatchApi.UploadAsync(Admin, ImageModelsFixture.ResNet18, zip, 1, "pictures.zip"))).Id);
        var broken = DatasetApi.Zip(("a/ok.png", digits[0].Content), ("a/cut.jpg", ImagePreprocessingTests.Fixture("truncated.jpg")));
        var failed = await BatchApi.WaitAsync(Admin, (await BatchApi.ReadAsync(await BatchApi.UploadAsync(Admin, ImageModelsFixture.Pixels, broken, 1, "broken.zip"))).Id);

        Assert.True(scored.Status == BatchJobStatus.Succeeded, scored.Error);
        Assert.Equal(3, scored.Rows);
        var lines = (await Admin.GetStringAsync(scored.OutputUrl)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["loose.png", "a/b.png", "c/d.png"], lines.Skip(1).Select(l => l.Split(',')[0]));
        Assert.Equal((await PredictAsync(ImageModelsFixture.ResNet18, digits[1].Content)).Label, lines[2].Split(',')[1]);
        Assert.Equal(BatchJobStatus.Failed, failed.Status);
        Assert.Contains("Entry 'a/cut.jpg': The image is truncated", failed.Error);
    }

    [Fact]
    public async Task What_an_image_model_cannot_score_is_refused_before_a_job_is_queued()
    {
        var created = await DatasetApi.UploadAsync(Admin, "tabular-rows", "rows.csv", "a,b\n1,2\n3,4\n"u8.ToArray());
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());

        var csv = await BatchApi.UploadAsync(Admin, ImageModelsFixture.Pixels, "a,b\n1,2\n"u8.ToArray(), 1);
        var notPictures = await BatchApi.UploadAsync(Admin, ImageModelsFixture.Pixels, DatasetApi.Zip(("a/1.png", ImageModelsFixture.Digits[0].Content), ("notes.txt", "hi"u8.ToArray())), 1, "x.zip");
        var tabular = await Admin.PostAsJsonAsync("/api/v1/batch-jobs", new { model = ImageModelsFixture.Pixels, version = 1, source = new { dataset = "tabular-rows" } });

        Assert.Equal(HttpStatusCode.BadRequest, csv.StatusCode);
        Assert.Contains("not a ZIP", (await DatasetApi.ReadProblemAsync(csv)).Detail);
        Assert.Equal(HttpStatusCode.BadRequest, notPictures.StatusCode);
        Assert.Contains("Entry 'notes.txt' is not a .png, .jpg or .jpeg picture", (await DatasetApi.ReadProblemAsync(notPictures)).Detail);
        Assert.Equal(HttpStatusCode.BadRequest, tabular.StatusCode);
        Assert.Contains("scores pictures", (await DatasetApi.ReadProblemAsync(tabular)).Detail);
    }

    [Fact]
    public async Task Oip_infer_takes_pictures_as_base64_bytes_binary_data_or_pixels_and_answers_as_predict_does()
    {
        const string model = ImageModelsFixture.Pixels;
        var (first, second) = (ImageModelsFixture.Digits[3].Content, ImageModelsFixture.Digits[17].Content);
        var expected = new[] { await PredictAsync(model, first), await PredictAsync(model, second) };

        var metadata = await Admin.GetFromJsonAsync<JsonElement>($"/v2/models/{model}/versions/1");
        var base64 = await InferAsync(model, JsonContent.Create(new
        {
            inputs = new[] { new { name = "Image", shape = new[] { 2 }, datatype = "BYTES", data = new[] { Convert.ToBase64String(first), Convert.ToBase64String(second) } } },
        }));
        var binary = await InferAsync(model, BinaryRequest(first, second));
        var pixels = await InferAsync(model, JsonContent.Create(new
        {
            inputs = new[] { new { name = "Image", shape = new[] { 1, 28, 28, 1 }, datatype = "FP32", data = GreyPixels(first) } },
        }));
        var notBase64 = await Admin.PostAsJsonAsync($"/v2/models/{model}/versions/1/infer", new
        {
            inputs = new[] { new { name = "Image", shape = new[] { 1 }, datatype = "BYTES", data = new[] { "not base64!" } } },
        });

        var input = metadata.GetProperty("inputs")[0];
        Assert.Equal(("Image", "BYTES", "[-1]"), (input.GetProperty("name").GetString(), input.GetProperty("datatype").GetString(), input.GetProperty("shape").GetRawText()));
        AssertAnswers(expected, base64);
        AssertAnswers(expected, binary);
        AssertAnswers([expected[0]], pixels);
        Assert.Equal(HttpStatusCode.BadRequest, notBase64.StatusCode);
        Assert.Contains("is not a base64 string", (await notBase64.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_version_with_the_flip_pass_serves_the_mean_of_a_picture_and_its_mirror_image()
    {
        var picture = ImageModelsFixture.Digits[5].Content;
        var plain = await PredictAsync(ImageModelsFixture.Pixels, picture);
        var mirror = await PredictAsync(ImageModelsFixture.Pixels, Mirror(picture));

        var flipped = await PredictAsync(ImageModelsFixture.Flipped, picture);
        var version = (await Admin.GetFromJsonAsync<ModelVersionDetails>($"/api/v1/models/{ImageModelsFixture.Flipped}/versions/1", DatasetApi.Json))!;

        Assert.True(version.InputSchema.Single().FlipPass);
        foreach (var c in Classes)
            Assert.True(Math.Abs(flipped.Probabilities[c] - (plain.Probabilities[c] + mirror.Probabilities[c]) / 2) < Tolerance, $"class {c}");
        Assert.Equal(flipped.Probabilities.MaxBy(p => p.Value).Key, flipped.Label);
        Assert.NotEqual(plain.Probabilities["0"], flipped.Probabilities["0"]);
    }

    [Fact]
    public async Task A_pipeline_whose_images_allow_flips_weighs_the_flip_pass_and_registers_its_choice()
    {
        var run = await PipelineApi.RunToEndAsync(Admin, new
        {
            name = "digits-flips", dataset = ImageModelsFixture.Dataset, task = "ImageClassification", label = "Label", trainers = new[] { "Lbfgs" },
            search = new { strategy = "Grid", maxTrials = 1 }, validation = new { testFraction = 0.3 }, images = new { flips = true }, registerModel = "digits-flips",
        }, "digits-flips");
        var version = (await Admin.GetFromJsonAsync<ModelVersionDetails>($"/api/v1/models/digits-flips/versions/{run.ModelVersion!.Version}", DatasetApi.Json))!;
        var tabular = await PipelineApi.CreateAsync(Admin, new
        {
            name = "rows-flips", dataset = "anything", task = "MulticlassClassification", label = "b", trainers = new[] { "Lbfgs" }, images = new { flips = true },
        });

        Assert.True(run.Status == PipelineRunStatus.Succeeded, run.Error);
        var flipPass = Assert.Single(run.Trials).Params["flipPass"];
        Assert.Contains(flipPass, new[] { 0.0, 1.0 });
        Assert.Equal(flipPass == 1, version.InputSchema.Single().FlipPass);
        Assert.Equal(HttpStatusCode.BadRequest, tabular.StatusCode);
        Assert.Contains("images.flips applies to the ImageClassification task", await tabular.Content.ReadAsStringAsync());
    }

    private async Task<(string Label, Dictionary<string, double> Probabilities)> PredictAsync(string model, byte[] picture)
    {
        var response = await Admin.PostAsync($"/api/v1/models/{model}/predict?version=1", PredictionApiTests.ImageForm(picture, "digit.png"));
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var prediction = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("predictions")[0];
        return (prediction.GetProperty("label").GetString()!, prediction.GetProperty("probabilities").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble()));
    }

    private async Task<JsonElement> InferAsync(string model, HttpContent request)
    {
        var response = await Admin.PostAsync($"/v2/models/{model}/versions/1/infer", request);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static void AssertAnswers(IReadOnlyList<(string Label, Dictionary<string, double> Probabilities)> expected, JsonElement answer)
    {
        var outputs = answer.GetProperty("outputs").EnumerateArray().ToDictionary(o => o.GetProperty("name").GetString()!);
        Assert.Equal(expected.Select(e => e.Label), outputs["label"].GetProperty("data").EnumerateArray().Select(l => l.GetString()));
        var scores = outputs["probabilities"].GetProperty("data").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        for (var r = 0; r < expected.Count; r++)
            for (var c = 0; c < Classes.Length; c++)
                Assert.True(Math.Abs(expected[r].Probabilities[Classes[c]] - scores[r * Classes.Length + c]) < Tolerance, $"row {r}, class {c}");
    }

    /// <summary>The binary tensor extension: a JSON header, then each picture as a 4-byte little-endian length and its bytes.</summary>
    private static ByteArrayContent BinaryRequest(params byte[][] pictures)
    {
        using var blobs = new MemoryStream();
        foreach (var picture in pictures)
        {
            var length = new byte[4];
            BinaryPrimitives.WriteUInt32LittleEndian(length, (uint)picture.Length);
            blobs.Write(length);
            blobs.Write(picture);
        }

        var header = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new
        {
            inputs = new[] { new { name = "Image", shape = new[] { pictures.Length }, datatype = "BYTES", parameters = new { binary_data_size = blobs.Length } } },
        }));
        var content = new ByteArrayContent([.. header, .. blobs.ToArray()]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        content.Headers.Add("Inference-Header-Content-Length", header.Length.ToString(CultureInfo.InvariantCulture));
        return content;
    }

    private static float[] GreyPixels(byte[] png)
    {
        using var bitmap = SKBitmap.Decode(png).Copy(SKColorType.Gray8);
        return bitmap.GetPixelSpan().ToArray().Select(b => (float)b).ToArray();
    }

    /// <summary>The picture's horizontal mirror image, made here with SkiaSharp pixel by pixel.</summary>
    private static byte[] Mirror(byte[] png)
    {
        using var source = SKBitmap.Decode(png);
        using var mirrored = new SKBitmap(source.Info);
        for (var y = 0; y < source.Height; y++)
            for (var x = 0; x < source.Width; x++) mirrored.SetPixel(source.Width - 1 - x, y, source.GetPixel(x, y));
        using var data = mirrored.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }
}
