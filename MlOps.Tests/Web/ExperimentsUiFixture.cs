using System.Net.Http.Json;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MlOps.Modules.Experiments.Contracts;
using MlOps.Tests.Experiments;
using MlOps.Tests.Support;
using MudBlazor.Services;

namespace MlOps.Tests.Web;

/// <summary>bUnit over the real Experiments services of an app on a temporary database, seeded through the API.</summary>
public sealed class ExperimentsUiFixture : MlOpsFactory
{
    public async Task<(string ExperimentId, List<RunCreated> Runs)> SeedAsync()
    {
        using var admin = CreateAdminClient();
        var experiment = await admin.CreateExperimentAsync();
        var runs = new List<RunCreated>();
        foreach (var (name, trainer, accuracy) in new[] { ("alpha", "LightGbm", 0.91), ("beta", "FastTree", 0.72), ("gamma", "LightGbm", 0.85) })
        {
            var run = await admin.CreateRunAsync(experiment.Id, new { name, @params = new Dictionary<string, string> { ["trainer"] = trainer, ["seed"] = "1" } });
            var response = await admin.PostAsJsonAsync($"/api/v1/runs/{run.Id}/log-batch", new
            {
                metrics = Enumerable.Range(0, 5).Select(step => new { key = "accuracy", value = accuracy * (step + 1) / 5, step })
                    .Append(new { key = "loss", value = 1 - accuracy, step = 4 }),
            });
            response.EnsureSuccessStatusCode();
            runs.Add(run);
        }

        return (experiment.Id, runs);
    }

    public BunitContext CreateContext()
    {
        var context = new BunitContext();
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        context.Services.AddMudServices();
        var scope = Services.CreateScope();
        context.Services.AddSingleton(scope.ServiceProvider.GetRequiredService<IExperimentCatalog>());
        context.Services.AddSingleton(scope);
        return context;
    }
}

internal static class MudInputs
{
    /// <summary>The &lt;input&gt; of a MudBlazor field, whichever element its data-testid landed on.</summary>
    public static AngleSharp.Dom.IElement InputOf<T>(this IRenderedComponent<T> component, string testId) where T : Microsoft.AspNetCore.Components.IComponent
    {
        var element = component.Find($"[data-testid={testId}]");
        return element.TagName == "INPUT" ? element : element.QuerySelector("input") ?? throw new InvalidOperationException($"{testId} holds no input.");
    }
}
