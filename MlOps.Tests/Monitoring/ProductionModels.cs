using System.Net.Http.Json;
using MlOps.Modules.Pipeline.Contracts;
using MlOps.Modules.Platform.Contracts;
using MlOps.Modules.Registry.Contracts;
using MlOps.Tests.Pipeline;
using MlOps.Tests.Support;

namespace MlOps.Tests.Monitoring;

/// <summary>Small models trained through the API and, for the ones Monitoring watches by default, promoted to production by two Admins.</summary>
internal static class ProductionModels
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

    /// <summary>Requests production for version 1 as <paramref name="admin"/> and approves it as a second Admin.</summary>
    public static async Task PromoteAsync(MlOpsFactory factory, HttpClient admin, string model)
    {
        var requested = await admin.PostAsJsonAsync($"/api/v1/models/{model}/promotions", new { version = 1, reason = "Monitoring tests" });
        Assert.True(requested.IsSuccessStatusCode, await requested.Content.ReadAsStringAsync());
        using var approver = await factory.CreateClientWithRoleAsync(Roles.Admin);
        var promotion = await DatasetApi.ReadAsync<PromotionRequest>(requested);
        var approved = await approver.PostAsJsonAsync($"/api/v1/promotions/{promotion.Id}/approve", new { comment = "ok" });
        Assert.True(approved.IsSuccessStatusCode, await approved.Content.ReadAsStringAsync());
    }
}
