using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.ML.Data;
using MlOps.Modules.Pipeline.Contracts;
using MlOps.Modules.Pipeline.Training.Loading;
using MlOps.Tests.Support;

namespace MlOps.Tests.Pipeline.Images;

/// <summary>Image pipelines end to end on small slices of MNIST: the ResNet-18 option, its feature cache, and bad pictures.</summary>
public sealed class ImagePipelineTests(MlOpsFactory factory) : IClassFixture<MlOpsFactory>
{
    [Fact]
    public async Task ResNet18_features_train_register_and_serve_the_class_the_trained_model_gives()
    {
        using var client = factory.CreateAdminClient();
        await PipelineApi.UploadAsync(client, "digits-resnet", "mnist-50.zip");

        var run = await PipelineApi.RunToEndAsync(client, new
        {
            name = "digits-resnet", dataset = "digits-resnet", task = "ImageClassification", label = "Label",
            trainers = new[] { "ResNet18Features" }, search = new { strategy = "Grid", maxTrials = 4 }, validation = new { testFraction = 0.3 },
            registerModel = "digits-resnet",
        }, "digits-resnet");

        Assert.True(run.Status == PipelineRunStatus.Succeeded, run.Error);
        Assert.All(run.Trials, trial => Assert.Equal("ResNet18Features", trial.Trainer));
        // The grid varies the logistic-regression head's L2 penalty with the pixels first, then leaves the pixels out.
        Assert.Equal([1.0, 1.0, 1.0, 0.0], run.Trials.Select(t => t.Params["withPixels"]));
        Assert.Equal([56, 5.6, 177.8, 56], run.Trials.Select(t => Math.Round(t.Params["l2Regularization"], 1)));
        // 35 training pictures, 3 or 4 per class: well above chance (0.1) is all a slice this small can show.
        Assert.All(run.Trials, trial => Assert.True(trial.Metrics["accuracy"] > 0.3, $"accuracy {trial.Metrics["accuracy"]:F2}"));

        var model = ModelLoading.CreateContext().Model.Load(new MemoryStream(await client.GetByteArrayAsync($"/api/v1/runs/{run.BestRunId}/artifacts/model/model.zip")), out _);
        var work = Path.Combine(Path.GetTempPath(), "mlops-tests", Guid.NewGuid().ToString("N"));
        using var data = ImageFolderLoader.Load(ModelLoading.CreateContext(), new MemoryStream(DatasetApi.TestFile("mnist-50.zip")), work, imageSide: 28);
        var trained = model.Transform(data.Inputs).GetColumn<string>("PredictedLabel").ToList();
        var entries = Entries(DatasetApi.TestFile("mnist-50.zip"));
        for (var i = 0; i < entries.Count; i += 10)
        {
            var served = await client.PostAsync($"/api/v1/models/digits-resnet/predict?version={run.ModelVersion!.Version}", Serving.PredictionApiTests.ImageForm(entries[i].Content, "digit.png"));
            Assert.True(served.StatusCode == HttpStatusCode.OK, await served.Content.ReadAsStringAsync());
            var label = (await served.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("predictions")[0].GetProperty("label").GetString();
            Assert.True(trained[i] == label, $"{entries[i].Name}: trained model says {trained[i]}, the API {label}");
        }
    }

    [Fact]
    public async Task A_second_run_on_the_same_dataset_version_reuses_its_ResNet18_features()
    {
        using var client = factory.CreateAdminClient();
        // One picture fewer than mnist-50: a content hash of its own, so no other test has featurised it.
        var entries = Entries(DatasetApi.TestFile("mnist-50.zip")).Skip(1).ToArray();
        await UploadAsync(client, "digits-reuse", DatasetApi.Zip(entries));
        var definition = new
        {
            name = "digits-reuse", dataset = "digits-reuse", task = "ImageClassification", label = "Label",
            trainers = new[] { "ResNet18Features" }, search = new { strategy = "Grid", maxTrials = 2 }, validation = new { testFraction = 0.3 },
        };

        var first = await PipelineApi.RunToEndAsync(client, definition, "digits-reuse");
        var second = await PipelineApi.WaitAsync(client, (await PipelineApi.StartAsync(client, "digits-reuse")).Id);

        Assert.True(first.Status == PipelineRunStatus.Succeeded, first.Error);
        Assert.True(second.Status == PipelineRunStatus.Succeeded, second.Error);
        Assert.Equal("Featurised 49 images with ResNet-18", first.ProgressDetail);
        Assert.Equal("ResNet-18 features of 49 images reused from this dataset version's cache", second.ProgressDetail);
        Assert.Equal(first.Trials.Select(t => t.Metrics["accuracy"]), second.Trials.Select(t => t.Metrics["accuracy"]));
    }

    [Fact]
    public async Task Cancelling_stops_featurising_within_seconds()
    {
        using var client = factory.CreateAdminClient();
        var digits = Entries(DatasetApi.TestFile("mnist-50.zip"));
        var many = Enumerable.Range(0, 12).SelectMany(copy => digits.Select(d => (d.Name.Replace(".png", $"-{copy}.png"), d.Content))).ToArray();
        await UploadAsync(client, "digits-many", DatasetApi.Zip(many));
        var created = await PipelineApi.CreateAsync(client, new
        {
            name = "digits-many", dataset = "digits-many", task = "ImageClassification", label = "Label", trainers = new[] { "ResNet18Features" },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var started = await PipelineApi.StartAsync(client, "digits-many");
        await PipelineApi.WaitForAsync(client, started.Id, run => run.ProgressDetail?.StartsWith("Featurising") == true);

        var cancel = await client.PostAsync($"/api/v1/pipeline-runs/{started.Id}/cancel", null);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var cancelled = await PipelineApi.WaitAsync(client, started.Id, TimeSpan.FromSeconds(30));

        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        Assert.Equal(PipelineRunStatus.Cancelled, cancelled.Status);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"stopped after {clock.Elapsed}");
        Assert.DoesNotContain($"{many.Length:N0}/{many.Length:N0}", cancelled.ProgressDetail);
    }

    [Fact]
    public async Task A_class_folder_with_a_single_image_fails_the_run_naming_the_file()
    {
        using var client = factory.CreateAdminClient();
        var digits = Entries(DatasetApi.TestFile("mnist-50.zip"));
        await UploadAsync(client, "digits-lonely", DatasetApi.Zip([.. digits.Where(d => d.Name.StartsWith("0/")), ("lonely/only.png", digits[^1].Content)]));

        var run = await PipelineApi.RunToEndAsync(client, new
        {
            name = "digits-lonely", dataset = "digits-lonely", task = "ImageClassification", label = "Label", trainers = new[] { "Lbfgs" },
        }, "digits-lonely");

        Assert.Equal(PipelineRunStatus.Failed, run.Status);
        Assert.Contains("Class 'lonely' has a single image ('lonely/only.png')", run.Error);
    }

    [Theory]
    [InlineData("truncated.jpg", "Entry 'a/truncated.jpg' is truncated")]
    [InlineData("tiny-1x1.png", "Entry 'a/tiny-1x1.png' is 1×1 pixels; images need at least 8×8")]
    public async Task An_archive_with_an_unusable_picture_is_refused_naming_it(string file, string reason)
    {
        using var client = factory.CreateAdminClient();

        var response = await DatasetApi.UploadAsync(client, "bad-pictures", "bad.zip",
            DatasetApi.Zip(("a/upright.png", ImagePreprocessingTests.Fixture("upright.png")), ($"a/{file}", ImagePreprocessingTests.Fixture(file))));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(reason, (await DatasetApi.ReadProblemAsync(response)).Detail);
    }

    private static async Task UploadAsync(HttpClient client, string name, byte[] zip)
    {
        var response = await DatasetApi.UploadAsync(client, name, $"{name}.zip", zip);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private static List<(string Name, byte[] Content)> Entries(byte[] zip)
    {
        using var archive = new ZipArchive(new MemoryStream(zip));
        return archive.Entries.Where(e => e.Name.Length > 0).Select(e =>
        {
            using var stream = e.Open();
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return (e.FullName, copy.ToArray());
        }).ToList();
    }
}
