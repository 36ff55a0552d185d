using System.Text;
using Microsoft.Extensions.DependencyInjection;
using MlOps.Modules.Experiments.Contracts;
using MlOps.Modules.Platform.Contracts;
using MlOps.Tests.Support;

namespace MlOps.Tests.Experiments;

/// <summary>The in-process contract as the Pipeline and Registry modules use it.</summary>
public sealed class ExperimentTrackerTests(MlOpsFactory factory) : IClassFixture<MlOpsFactory>
{
    private const string Actor = "pipeline:test";

    [Fact]
    public async Task A_training_trial_is_recorded_and_its_model_read_back()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var tracker = scope.ServiceProvider.GetRequiredService<IExperimentTracker>();
        var catalog = scope.ServiceProvider.GetRequiredService<IExperimentCatalog>();
        var name = $"pipeline-{Guid.NewGuid():N}";

        var experiment = await tracker.GetOrCreateExperimentAsync(name, Actor, CancellationToken.None);
        var again = await tracker.GetOrCreateExperimentAsync(name, Actor, CancellationToken.None);
        var run = (await tracker.CreateRunAsync(experiment.Id, new NewRun("trial-1", Params: new Dictionary<string, string> { ["trainer"] = "FastTree" }), Actor, CancellationToken.None)).Value!;
        var logged = await tracker.LogAsync(run.Id, new RunLog(Metrics: [new MetricValue("auc", 0.91, 1)]), Actor, CancellationToken.None);
        var attached = await tracker.AttachArtifactAsync(run.Id, "model/model.zip", new MemoryStream(Encoding.UTF8.GetBytes("model-bytes")), Actor, CancellationToken.None);
        await tracker.UpdateRunAsync(run.Id, new RunUpdate(RunStatus.Finished, null), Actor, CancellationToken.None);
        var opened = await tracker.OpenArtifactAsync(run.Id, "model/model.zip", CancellationToken.None);

        Assert.Equal(experiment.Id, again.Id);
        Assert.True(logged.Succeeded);
        Assert.True(attached.Succeeded);
        await using (var stream = opened.Value!)
        using (var reader = new StreamReader(stream))
            Assert.Equal("model-bytes", await reader.ReadToEndAsync());
        var read = (await catalog.GetRunAsync(run.Id, CancellationToken.None))!;
        Assert.Equal(RunStatus.Finished, read.Status);
        Assert.Equal(0.91, read.Metrics["auc"]);
        Assert.Equal("FastTree", read.Params["trainer"]);
    }

    [Theory]
    [InlineData("../escaped.txt")]
    [InlineData("/etc/escaped.txt")]
    [InlineData("a\\escaped.txt")]
    [InlineData("a\0escaped.txt")]
    [InlineData("%2e%2e/escaped.txt")]
    public async Task Attaching_outside_the_run_is_refused_and_writes_nothing(string path)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var tracker = scope.ServiceProvider.GetRequiredService<IExperimentTracker>();
        var experiment = await tracker.GetOrCreateExperimentAsync($"paths-{Guid.NewGuid():N}", Actor, CancellationToken.None);
        var run = (await tracker.CreateRunAsync(experiment.Id, new NewRun(), Actor, CancellationToken.None)).Value!;

        var attached = await tracker.AttachArtifactAsync(run.Id, path, new MemoryStream([1, 2, 3]), Actor, CancellationToken.None);

        Assert.Equal(OperationError.Invalid, attached.Error);
        Assert.Empty(Directory.EnumerateFiles(factory.DataDirectory, "*escaped*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Tracker_refuses_non_finite_metrics()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var tracker = scope.ServiceProvider.GetRequiredService<IExperimentTracker>();
        var experiment = await tracker.GetOrCreateExperimentAsync($"nan-{Guid.NewGuid():N}", Actor, CancellationToken.None);
        var run = (await tracker.CreateRunAsync(experiment.Id, new NewRun(), Actor, CancellationToken.None)).Value!;

        var logged = await tracker.LogAsync(run.Id, new RunLog(Metrics: [new MetricValue("loss", double.NaN)]), Actor, CancellationToken.None);

        Assert.Equal(OperationError.Invalid, logged.Error);
        Assert.Contains("finite", logged.Problems["metrics[0].value"][0]);
    }
}
