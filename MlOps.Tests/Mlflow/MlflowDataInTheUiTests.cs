using Bunit;
using MlOps.Modules.Platform.Contracts;
using MlOps.Tests.Support;
using MlOps.Web.Components.Pages.Experiments;
using MlOps.Web.Components.Pages.Models;

namespace MlOps.Tests.Mlflow;

/// <summary>What an MLflow client logs lands in the same experiments, runs and registry the MlOps pages show.</summary>
public sealed class MlflowDataInTheUiTests(MlOpsFactory app) : IClassFixture<MlOpsFactory>
{
    [Fact]
    public async Task A_run_logged_through_mlflow_shows_its_params_metric_chart_artifacts_and_model_version()
    {
        using var mlflow = await MlflowWire.WithRoleAsync(app, Roles.DataScientist);
        var (modelName, runId) = await MlflowScenario.RegisterIrisAsync(mlflow);
        (await mlflow.PostAsync("runs/update", new { run_id = runId, run_name = "mlflow-logged" })).Ok();
        (await mlflow.PostAsync("runs/log-batch", new
        {
            run_id = runId,
            @params = new[] { new { key = "trainer", value = "lbfgs" } },
            metrics = Enumerable.Range(0, 3).Select(step => new { key = "accuracy", value = 0.7 + step / 10.0, timestamp = 1_765_000_000_000L + step, step }),
        })).Ok();
        await using var context = new ComponentTestContext(app, Roles.Analyst, "analyst@mlops.test");

        var runPage = context.Render<RunPage>(p => p.Add(c => c.RunId, runId));
        runPage.WaitForAssertion(() => Assert.Equal("mlflow-logged", runPage.Find("[data-testid=run-name]").TextContent));
        Assert.Contains("lbfgs", runPage.Find("[data-testid=run-params]").TextContent);
        runPage.WaitForAssertion(() => Assert.NotEmpty(runPage.FindAll("[data-testid=metric-chart-accuracy] path")));
        runPage.WaitForAssertion(() => Assert.Contains("model/", runPage.Find("[data-testid=artifacts]").TextContent));

        var modelPage = context.Render<ModelPage>(p => p.Add(c => c.Name, modelName));
        modelPage.WaitForAssertion(() => Assert.Contains("v1", modelPage.Find("[data-testid=versions-table]").TextContent));
        Assert.Contains(modelPage.FindAll("[data-testid=versions-table] a"), a => a.GetAttribute("href") == $"runs/{runId}");
    }

    [Fact]
    public async Task A_version_mlops_cannot_serve_shows_a_not_servable_chip_and_no_production_request()
    {
        using var mlflow = await MlflowWire.WithRoleAsync(app, Roles.DataScientist);
        var (_, runId, artifactUri) = await MlflowScenario.StartRunAsync(mlflow);
        (await mlflow.UploadAsync(artifactUri, "model/MLmodel", MlflowModelFolders.Sklearn())).Ok();
        (await mlflow.UploadAsync(artifactUri, "model/model.pkl", "\u0080\u0004."u8.ToArray())).Ok();
        var name = $"sk-ui-{Guid.NewGuid():N}"[..18];
        (await mlflow.PostAsync("model-versions/create", new { name, source = $"runs:/{runId}/model" })).Ok();
        await using var context = new ComponentTestContext(app, Roles.Admin, "admin2@mlops.test");

        var modelPage = context.Render<ModelPage>(p => p.Add(c => c.Name, name));

        modelPage.WaitForAssertion(() => Assert.Equal("Not servable here", modelPage.Find("[data-testid=not-servable-v1]").TextContent.Trim()));
        Assert.Equal("MLflow model", modelPage.Find("[data-testid=format-v1]").TextContent.Trim());
        Assert.Empty(modelPage.FindAll("[data-testid=request-v1]"));
    }

    [Fact]
    public async Task A_run_deleted_through_mlflow_shows_a_deleted_chip_on_its_page()
    {
        using var mlflow = await MlflowWire.WithRoleAsync(app, Roles.DataScientist);
        var (_, runId, _) = await MlflowScenario.StartRunAsync(mlflow);
        (await mlflow.PostAsync("runs/delete", new { run_id = runId })).Ok();
        await using var context = new ComponentTestContext(app, Roles.Analyst, "analyst@mlops.test");

        var runPage = context.Render<RunPage>(p => p.Add(c => c.RunId, runId));

        runPage.WaitForAssertion(() => Assert.Equal("Deleted", runPage.Find("[data-testid=deleted-chip]").TextContent.Trim()));
    }
}
