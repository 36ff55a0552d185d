using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MlOps.Modules.Experiments.Contracts;
using MlOps.Modules.Platform.Contracts;
using MlOps.Tests.Support;

namespace MlOps.Tests.Mlflow;

/// <summary>
/// MLflow's delete and restore of experiments and runs (service.proto DeleteExperiment, RestoreExperiment, DeleteRun,
/// RestoreRun, ViewType) as MlOps's soft delete: hidden from lists, never lost, audited.
/// </summary>
public sealed class MlflowLifecycleTests(MlOpsFactory app) : IClassFixture<MlOpsFactory>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    [Fact]
    public async Task A_deleted_run_leaves_searches_but_keeps_its_data_and_comes_back_when_restored()
    {
        using var mlflow = await MlflowWire.WithRoleAsync(app, Roles.DataScientist);
        var (experimentId, runId, _) = await MlflowScenario.StartRunAsync(mlflow);
        (await mlflow.PostAsync("runs/log-metric", new { run_id = runId, key = "accuracy", value = 0.9, timestamp = 1, step = 0 })).Ok();
        var keptId = (await mlflow.PostAsync("runs/create", new { experiment_id = experimentId })).Ok().GetProperty("run").GetProperty("info").Text("run_id");

        (await mlflow.PostAsync("runs/delete", new { run_id = runId })).Ok();

        var deleted = (await mlflow.GetAsync("runs/get", ("run_id", runId))).Ok().GetProperty("run");
        Assert.Equal("deleted", deleted.GetProperty("info").Text("lifecycle_stage"));
        Assert.Equal("0.9", deleted.GetProperty("data").GetProperty("metrics").Pairs()["accuracy"]);
        Assert.Equal([keptId], await SearchAsync(mlflow, experimentId, null));
        Assert.Equal([keptId], await SearchAsync(mlflow, experimentId, "ACTIVE_ONLY"));
        Assert.Equal([runId], await SearchAsync(mlflow, experimentId, "DELETED_ONLY"));
        Assert.Equal(new[] { keptId, runId }.Order(), (await SearchAsync(mlflow, experimentId, "ALL")).Order());
        Assert.Contains("already deleted", (await mlflow.PostAsync("runs/delete", new { run_id = runId })).Error(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE"), StringComparison.Ordinal);

        using var admin = app.CreateAdminClient();
        var native = await admin.PostAsJsonAsync("/api/v1/runs/search", new { experimentIds = new[] { experimentId } });
        Assert.Equal([keptId], (await native.Content.ReadFromJsonAsync<Paged<RunDetails>>(Json))!.Items.Select(r => r.Id));
        var nativeAll = await admin.PostAsJsonAsync("/api/v1/runs/search", new { experimentIds = new[] { experimentId }, view = "All" });
        Assert.Equal(2, (await nativeAll.Content.ReadFromJsonAsync<Paged<RunDetails>>(Json))!.Total);
        Assert.Equal(LifecycleStage.Deleted, (await admin.GetFromJsonAsync<RunDetails>($"/api/v1/runs/{runId}", Json))!.Lifecycle);
        Assert.Equal(1, (await admin.GetFromJsonAsync<ExperimentSummary>($"/api/v1/experiments/{experimentId}", Json))!.RunCount);

        (await mlflow.PostAsync("runs/restore", new { run_id = runId })).Ok();

        Assert.Equal("active", (await mlflow.GetAsync("runs/get", ("run_id", runId))).Ok().GetProperty("run").GetProperty("info").Text("lifecycle_stage"));
        Assert.Equal(new[] { keptId, runId }.Order(), (await SearchAsync(mlflow, experimentId, null)).Order());
        (await mlflow.PostAsync("runs/restore", new { run_id = runId })).Error(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        var audit = await admin.GetFromJsonAsync<Paged<AuditEntry>>($"/api/v1/audit?entityType=run&entityId={runId}", Json);
        Assert.Equal(["run.restored", "run.deleted"], audit!.Items.Select(e => e.Action).Where(a => a is "run.deleted" or "run.restored"));
    }

    [Fact]
    public async Task A_deleted_experiment_takes_its_runs_along_and_restoring_it_brings_back_only_those()
    {
        using var mlflow = await MlflowWire.WithRoleAsync(app, Roles.DataScientist);
        var name = $"lifecycle-{Guid.NewGuid():N}";
        var experimentId = (await mlflow.PostAsync("experiments/create", new { name })).Ok().Text("experiment_id");
        var alongId = (await mlflow.PostAsync("runs/create", new { experiment_id = experimentId })).Ok().GetProperty("run").GetProperty("info").Text("run_id");
        var earlierId = (await mlflow.PostAsync("runs/create", new { experiment_id = experimentId })).Ok().GetProperty("run").GetProperty("info").Text("run_id");
        (await mlflow.PostAsync("runs/delete", new { run_id = earlierId })).Ok();

        (await mlflow.PostAsync("experiments/delete", new { experiment_id = experimentId })).Ok();

        Assert.Equal("deleted", (await mlflow.GetAsync("experiments/get", ("experiment_id", experimentId))).Ok().GetProperty("experiment").Text("lifecycle_stage"));
        Assert.Equal("deleted", (await mlflow.GetAsync("experiments/get-by-name", ("experiment_name", name))).Ok().GetProperty("experiment").Text("lifecycle_stage"));
        Assert.Empty(await SearchExperimentsAsync(mlflow, name, null));
        Assert.Equal([experimentId], await SearchExperimentsAsync(mlflow, name, "DELETED_ONLY"));
        Assert.Equal([experimentId], await SearchExperimentsAsync(mlflow, $"%{name[10..]}%", "ALL"));
        Assert.Empty(await SearchExperimentsAsync(mlflow, $"%{name[10..]}%", "ACTIVE_ONLY"));
        Assert.Empty(await SearchAsync(mlflow, experimentId, null));
        Assert.Contains("restore it", (await mlflow.PostAsync("runs/create", new { experiment_id = experimentId })).Error(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE"));
        (await mlflow.PostAsync("runs/restore", new { run_id = alongId })).Error(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        (await mlflow.PostAsync("experiments/delete", new { experiment_id = experimentId })).Error(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        using var admin = app.CreateAdminClient();
        var listed = await admin.GetFromJsonAsync<Paged<ExperimentSummary>>($"/api/v1/experiments?search={name}", Json);
        Assert.Empty(listed!.Items);
        var deletedListed = await admin.GetFromJsonAsync<Paged<ExperimentSummary>>($"/api/v1/experiments?search={name}&view=DeletedOnly", Json);
        Assert.Equal(LifecycleStage.Deleted, Assert.Single(deletedListed!.Items).Lifecycle);

        (await mlflow.PostAsync("experiments/restore", new { experiment_id = experimentId })).Ok();

        Assert.Equal("active", (await mlflow.GetAsync("experiments/get", ("experiment_id", experimentId))).Ok().GetProperty("experiment").Text("lifecycle_stage"));
        Assert.Equal([alongId], await SearchAsync(mlflow, experimentId, null));
        Assert.Equal([earlierId], await SearchAsync(mlflow, experimentId, "DELETED_ONLY"));
        var audit = await admin.GetFromJsonAsync<Paged<AuditEntry>>($"/api/v1/audit?entityType=experiment&entityId={experimentId}", Json);
        Assert.Equal(["experiment.restored", "experiment.deleted"], audit!.Items.Select(e => e.Action).Where(a => a.StartsWith("experiment.", StringComparison.Ordinal) && a != "experiment.created"));
    }

    [Fact]
    public async Task The_default_experiment_cannot_be_deleted_by_either_id()
    {
        using var mlflow = await MlflowWire.WithRoleAsync(app, Roles.Admin);
        var realId = (await mlflow.GetAsync("experiments/get", ("experiment_id", "0"))).Ok().GetProperty("experiment").Text("experiment_id");

        var byZero = (await mlflow.PostAsync("experiments/delete", new { experiment_id = "0" })).Error(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        (await mlflow.PostAsync("experiments/delete", new { experiment_id = realId })).Error(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");

        Assert.Contains("default experiment", byZero);
        Assert.Equal("active", (await mlflow.GetAsync("experiments/get", ("experiment_id", "0"))).Ok().GetProperty("experiment").Text("lifecycle_stage"));
    }

    [Fact]
    public async Task Deleting_needs_a_writing_role_an_existing_target_and_a_known_view_type()
    {
        using var writer = await MlflowWire.WithRoleAsync(app, Roles.DataScientist);
        using var analyst = await MlflowWire.WithRoleAsync(app, Roles.Analyst);
        var (experimentId, runId, _) = await MlflowScenario.StartRunAsync(writer);

        (await analyst.PostAsync("runs/delete", new { run_id = runId })).Error(HttpStatusCode.Forbidden, "PERMISSION_DENIED");
        (await analyst.PostAsync("experiments/delete", new { experiment_id = experimentId })).Error(HttpStatusCode.Forbidden, "PERMISSION_DENIED");
        (await writer.PostAsync("runs/delete", new { run_id = "999999999" })).Error(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
        (await writer.PostAsync("runs/delete", new { })).Error(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        (await writer.PostAsync("experiments/restore", new { experiment_id = "999999999" })).Error(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
        var view = (await writer.PostAsync("runs/search", new { experiment_ids = new[] { experimentId }, run_view_type = "SOMETIMES" })).Error(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        (await writer.PostAsync("experiments/search", new { view_type = "SOMETIMES" })).Error(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");

        Assert.Contains("run_view_type", view);
        Assert.Equal("active", (await writer.GetAsync("runs/get", ("run_id", runId))).Ok().GetProperty("run").GetProperty("info").Text("lifecycle_stage"));
    }

    private static async Task<List<string>> SearchAsync(MlflowWire mlflow, string experimentId, string? view) =>
        (await mlflow.PostAsync("runs/search", new { experiment_ids = new[] { experimentId }, run_view_type = view })).Ok()
        .TryGetProperty("runs", out var runs) ? runs.EnumerateArray().Select(r => r.GetProperty("info").Text("run_id")).ToList() : [];

    private static async Task<List<string>> SearchExperimentsAsync(MlflowWire mlflow, string namePattern, string? view) =>
        (await mlflow.PostAsync("experiments/search", new { filter = namePattern.Contains('%') ? $"name LIKE '{namePattern}'" : $"name = '{namePattern}'", view_type = view }))
        .Ok().GetProperty("experiments").EnumerateArray().Select(e => e.Text("experiment_id")).ToList();
}
