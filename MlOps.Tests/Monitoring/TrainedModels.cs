using MlOps.Modules.Pipeline.Contracts;
using MlOps.Tests.Pipeline;

namespace MlOps.Tests.Monitoring;

/// <summary>Small models trained through the API, for the monitoring tests to promote and send traffic to.</summary>
internal static class TrainedModels
{
    /// <summary>A one-trial LightGbm penguin classifier registered as <paramref name="model"/>.</summary>
    public static object SpeciesPipeline(string model, string dataset) => new
    {
        name = model, dataset, task = "MulticlassClassification", label = "Species", ignore = new[] { "Sex" },
        trainers = new[] { "LightGbm" }, search = new { strategy = "Random", maxTrials = 1 }, registerModel = model,
    };

    public static async Task TrainAsync(HttpClient admin, string pipeline, object definition)
    {
        var run = await PipelineApi.RunToEndAsync(admin, definition, pipeline);
        Assert.True(run.Status == PipelineRunStatus.Succeeded, run.Error);
    }
}
