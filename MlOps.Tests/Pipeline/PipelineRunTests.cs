using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MlOps.Modules.Pipeline.Contracts;
using MlOps.Tests.Support;

namespace MlOps.Tests.Pipeline;

public sealed class PipelineRunTests(MlOpsFactory factory) : IClassFixture<MlOpsFactory>
{
    [Fact]
    public async Task A_multiclass_pipeline_tracks_its_trials_and_registers_the_best_with_lineage()
    {
        using var client = factory.CreateAdminClient();
        await PipelineApi.UploadAsync(client, "penguins", "penguins.csv");

        var run = await PipelineApi.RunToEndAsync(client, new
        {
            name = "penguin-species", dataset = "penguins", task = "MulticlassClassification", label = "Species",
            trainers = new[] { "LightGbm", "SdcaMaximumEntropy" }, search = new { strategy = "Random", maxTrials = 3, maxMinutes = 5 },
            validation = new { testFraction = 0.2, seed = 7 }, registerModel = "penguin-species",
        }, "penguin-species");

        Assert.Equal(PipelineRunStatus.Succeeded, run.Status);
        Assert.Equal(1.0, run.Progress);
        Assert.Equal(3, run.Trials.Count);
        Assert.All(run.Trials, t => Assert.True(t.Metrics["accuracy"] > 0.9, $"{t.Trainer}: {t.Metrics["accuracy"]}"));
        Assert.Equal(run.Trials.Max(t => t.Metrics["accuracy"]), run.BestMetric);
        var trial = await client.GetFromJsonAsync<JsonElement>($"/api/v1/runs/{run.BestRunId}");
        Assert.Equal("Finished", trial.GetProperty("status").GetString());
        Assert.Equal("true", trial.GetProperty("tags").GetProperty("best").GetString());
        var artifacts = await client.GetStringAsync($"/api/v1/runs/{run.BestRunId}/artifacts");
        Assert.Contains("confusion_matrix.json", artifacts);
        Assert.Contains("feature_importance.json", artifacts);
        Assert.Contains("model.zip", await client.GetStringAsync($"/api/v1/runs/{run.BestRunId}/artifacts?path=model"));
        var version = await client.GetFromJsonAsync<JsonElement>($"/api/v1/models/penguin-species/versions/{run.ModelVersion!.Version}");
        Assert.Equal(run.BestRunId, version.GetProperty("runId").GetString());
        Assert.Equal(run.Id, version.GetProperty("pipelineRunId").GetString());
        Assert.Equal("penguins", version.GetProperty("dataset").GetProperty("name").GetString());
        Assert.Equal(64, version.GetProperty("dataset").GetProperty("contentHash").GetString()!.Length);
        Assert.Contains("Adelie", version.GetProperty("labels").EnumerateArray().Select(l => l.GetString()));
    }

    [Fact]
    public async Task A_regression_pipeline_defined_in_yaml_learns_car_mileage()
    {
        using var client = factory.CreateAdminClient();
        await PipelineApi.UploadAsync(client, "cars", "cars.csv");
        const string yaml = """
            name: car-mileage
            dataset: cars
            task: Regression
            label: Miles_per_Gallon
            ignore: [Name]
            trainers: [FastTree]
            validation:
              folds: 3
            optimizeMetric: r2
            registerModel: true
            """;

        var created = await client.PostAsync("/api/v1/pipelines", new StringContent(yaml, System.Text.Encoding.UTF8, "application/yaml"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var run = await PipelineApi.WaitAsync(client, (await PipelineApi.StartAsync(client, "car-mileage")).Id);

        Assert.True(run.Status == PipelineRunStatus.Succeeded, run.Error);
        Assert.True(run.BestMetric >= 0.75, $"R² {run.BestMetric}");
        Assert.Equal(new ModelVersionReference("car-mileage", 1), run.ModelVersion);
    }

    [Fact]
    public async Task A_binary_pipeline_requests_production_when_nothing_is_in_production_yet()
    {
        using var client = factory.CreateAdminClient();
        await PipelineApi.UploadAsync(client, "penguins-sex", "penguins.csv");

        var run = await PipelineApi.RunToEndAsync(client, new
        {
            name = "penguin-sex", dataset = "penguins-sex", task = "BinaryClassification", label = "Sex", ignore = new[] { "Species" },
            trainers = new[] { "FastTree" }, registerModel = "penguin-sex", promotion = new { requestProductionIfBetter = true },
        }, "penguin-sex");

        Assert.True(run.Status == PipelineRunStatus.Succeeded, run.Error);
        Assert.NotNull(run.PromotionRequestId);
        var promotion = await client.GetFromJsonAsync<JsonElement>($"/api/v1/promotions/{run.PromotionRequestId}");
        Assert.Equal("Pending", promotion.GetProperty("status").GetString());
    }

    [Fact]
    public async Task An_image_pipeline_learns_digits_from_class_folders()
    {
        using var client = factory.CreateAdminClient();
        await PipelineApi.UploadAsync(client, "digits", "mnist-50.zip");

        var run = await PipelineApi.RunToEndAsync(client, new
        {
            name = "digits", dataset = "digits", task = "ImageClassification", label = "Label",
            trainers = new[] { "Lbfgs" }, validation = new { testFraction = 0.3 }, registerModel = "digits",
        }, "digits");

        Assert.True(run.Status == PipelineRunStatus.Succeeded, run.Error);
        Assert.Equal("digits", run.ModelVersion!.Name);
    }

    [Fact]
    public async Task Cancelling_a_run_stops_it_within_seconds()
    {
        using var client = factory.CreateAdminClient();
        await PipelineApi.UploadAsync(client, "cars-slow", "cars.csv");
        var created = await PipelineApi.CreateAsync(client, new
        {
            name = "cars-slow", dataset = "cars-slow", task = "Regression", label = "Miles_per_Gallon",
            trainers = new[] { "FastTree", "FastForest" }, search = new { strategy = "Grid", maxTrials = 200, maxMinutes = 10 }, validation = new { folds = 10 },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var started = await PipelineApi.StartAsync(client, "cars-slow");
        await PipelineApi.WaitForAsync(client, started.Id, run => run.Status == PipelineRunStatus.Running && run.PlannedTrials > 0);

        var cancel = await client.PostAsync($"/api/v1/pipeline-runs/{started.Id}/cancel", null);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var run = await PipelineApi.WaitAsync(client, started.Id, TimeSpan.FromSeconds(30));

        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        Assert.Equal(PipelineRunStatus.Cancelled, run.Status);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"stopped after {clock.Elapsed}");
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsync($"/api/v1/pipeline-runs/{started.Id}/cancel", null)).StatusCode);
    }
}
