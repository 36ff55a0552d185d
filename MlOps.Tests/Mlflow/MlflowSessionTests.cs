using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MlOps.Modules.Platform.Contracts;
using MlOps.Tests.Registry;
using MlOps.Tests.Support;

namespace MlOps.Tests.Mlflow;

/// <summary>
/// Replays, request by request, what MLflow's Python client sends for a training session, and checks every field the
/// client reads from each answer (shapes from service.proto and model_registry.proto).
/// </summary>
public sealed class MlflowSessionTests(MlOpsFactory app) : IClassFixture<MlOpsFactory>
{
    [Fact]
    public async Task A_whole_mlflow_client_session_logs_registers_and_loads_by_alias()
    {
        using var mlflow = await MlflowWire.WithRoleAsync(app, Roles.DataScientist);
        var experimentName = $"iris-{Guid.NewGuid():N}";

        // mlflow.set_experiment(name): look up by name, create on RESOURCE_DOES_NOT_EXIST, then read it back.
        (await mlflow.GetAsync("experiments/get-by-name", ("experiment_name", experimentName))).Error(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
        var experimentId = (await mlflow.PostAsync("experiments/create", new { name = experimentName })).Ok().Text("experiment_id");
        var experiment = (await mlflow.GetAsync("experiments/get", ("experiment_id", experimentId))).Ok().GetProperty("experiment");
        Assert.Equal(experimentId, experiment.Text("experiment_id"));
        Assert.Equal(experimentName, experiment.Text("name"));
        Assert.Equal("active", experiment.Text("lifecycle_stage"));
        Assert.Equal($"mlflow-artifacts:/{experimentId}", experiment.Text("artifact_location"));
        Assert.True(experiment.GetProperty("creation_time").GetInt64() > 1_700_000_000_000);

        // mlflow.start_run(run_name=...): the client sends start_time and its context tags.
        var started = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var run = (await mlflow.PostAsync("runs/create", new
        {
            experiment_id = experimentId,
            user_id = "ada",
            run_name = "lbfgs-1",
            start_time = started,
            tags = new[]
            {
                new { key = "mlflow.user", value = "ada" },
                new { key = "mlflow.source.name", value = "train.py" },
                new { key = "mlflow.source.type", value = "LOCAL" },
                new { key = "mlflow.runName", value = "lbfgs-1" },
            },
        })).Ok().GetProperty("run");
        var info = run.GetProperty("info");
        var runId = info.Text("run_id");
        Assert.Equal(runId, info.Text("run_uuid"));
        Assert.Equal(experimentId, info.Text("experiment_id"));
        Assert.Equal("lbfgs-1", info.Text("run_name"));
        Assert.Equal("ada", info.Text("user_id"));
        Assert.Equal("RUNNING", info.Text("status"));
        Assert.Equal("active", info.Text("lifecycle_stage"));
        Assert.True(info.GetProperty("start_time").GetInt64() >= started - 60_000);
        var artifactUri = info.Text("artifact_uri");
        Assert.Equal($"mlflow-artifacts:/{experimentId}/{runId}/artifacts", artifactUri);
        Assert.Equal("train.py", run.GetProperty("data").GetProperty("tags").Pairs()["mlflow.source.name"]);

        // mlflow.log_params / log_metrics / set_tags each become one log-batch; log_metric and set_tag their own calls.
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        (await mlflow.PostAsync("runs/log-batch", new { run_id = runId, metrics = Array.Empty<object>(), @params = new[] { new { key = "trainer", value = "lbfgs" }, new { key = "task", value = "MulticlassClassification" } }, tags = Array.Empty<object>() })).Ok();
        (await mlflow.PostAsync("runs/log-batch", new
        {
            run_id = runId,
            metrics = Enumerable.Range(0, 5).Select(step => new { key = "accuracy", value = 0.8 + step * 0.04, timestamp = timestamp + step, step })
                .Append(new { key = "loss", value = 0.2, timestamp, step = 0 }),
            @params = Array.Empty<object>(),
            tags = Array.Empty<object>(),
        })).Ok();
        (await mlflow.PostAsync("runs/log-batch", new { run_id = runId, metrics = Array.Empty<object>(), @params = Array.Empty<object>(), tags = new[] { new { key = "team", value = "flowers" } } })).Ok();
        (await mlflow.PostAsync("runs/log-parameter", new { run_id = runId, run_uuid = runId, key = "seed", value = "1" })).Ok();
        (await mlflow.PostAsync("runs/log-metric", new { run_id = runId, run_uuid = runId, key = "f1", value = 0.93, timestamp, step = 0 })).Ok();
        (await mlflow.PostAsync("runs/set-tag", new { run_id = runId, run_uuid = runId, key = "stage", value = "tuning" })).Ok();
        (await mlflow.PostAsync("runs/log-inputs", new
        {
            run_id = runId,
            datasets = new[] { new { tags = new[] { new { key = "mlflow.data.context", value = "training" } }, dataset = new { name = "iris", digest = "a1b2c3d4", source_type = "local", source = "{\"uri\": \"iris.csv\"}" } } },
        })).Ok();

        // mlflow.log_artifact(...) for an MLflow model folder: the client reads artifact_uri and PUTs each file.
        Assert.Equal(artifactUri, (await mlflow.GetAsync("runs/get", ("run_id", runId))).Ok().GetProperty("run").GetProperty("info").Text("artifact_uri"));
        (await mlflow.UploadAsync(artifactUri, "model/MLmodel", MlflowModelFolders.MlNet())).Ok();
        (await mlflow.UploadAsync(artifactUri, "model/model.zip", IrisModel.Bytes)).Ok();

        // mlflow.end_run(): FINISHED with an end time.
        var ended = (await mlflow.PostAsync("runs/update", new { run_id = runId, run_uuid = runId, status = "FINISHED", end_time = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() }))
            .Ok().GetProperty("run_info");
        Assert.Equal("FINISHED", ended.Text("status"));
        Assert.True(ended.GetProperty("end_time").GetInt64() >= ended.GetProperty("start_time").GetInt64());

        var logged = (await mlflow.GetAsync("runs/get", ("run_id", runId))).Ok().GetProperty("run");
        var data = logged.GetProperty("data");
        Assert.Equal(0.96, double.Parse(data.GetProperty("metrics").Pairs()["accuracy"], System.Globalization.CultureInfo.InvariantCulture), 6);
        Assert.Equal(new Dictionary<string, string> { ["trainer"] = "lbfgs", ["task"] = "MulticlassClassification", ["seed"] = "1" }, data.GetProperty("params").Pairs());
        var tags = data.GetProperty("tags").Pairs();
        Assert.Equal(("flowers", "tuning", "lbfgs-1"), (tags["team"], tags["stage"], tags["mlflow.runName"]));
        var input = Assert.Single(logged.GetProperty("inputs").GetProperty("dataset_inputs").EnumerateArray());
        Assert.Equal(("iris", "a1b2c3d4"), (input.GetProperty("dataset").Text("name"), input.GetProperty("dataset").Text("digest")));
        Assert.DoesNotContain(tags.Keys, k => k.StartsWith("mlflow.input.", StringComparison.Ordinal));

        var history = (await mlflow.GetAsync("metrics/get-history", ("run_id", runId), ("metric_key", "accuracy"))).Ok().GetProperty("metrics");
        Assert.Equal([0L, 1, 2, 3, 4], history.EnumerateArray().Select(m => m.GetProperty("step").GetInt64()));
        Assert.Equal(timestamp + 4, history[4].GetProperty("timestamp").GetInt64());
        Assert.Equal("accuracy", history[0].Text("key"));

        var listed = (await mlflow.GetAsync("artifacts/list", ("run_id", runId), ("path", "model"))).Ok();
        Assert.Equal(artifactUri, listed.Text("root_uri"));
        Assert.Equal(["model/MLmodel", "model/model.zip"], listed.GetProperty("files").EnumerateArray().Select(f => f.Text("path")).Order(StringComparer.Ordinal));
        Assert.Equal(IrisModel.Bytes.Length, listed.GetProperty("files").EnumerateArray().Single(f => f.Text("path") == "model/model.zip").GetProperty("file_size").GetInt64());

        // mlflow.register_model("runs:/<id>/model", name): create the registered model, then the version; READY at once.
        var modelName = $"iris-{Guid.NewGuid():N}"[..20];
        var registered = (await mlflow.PostAsync("registered-models/create", new { name = modelName })).Ok().GetProperty("registered_model");
        Assert.Equal(modelName, registered.Text("name"));
        var version = (await mlflow.PostAsync("model-versions/create", new { name = modelName, source = $"runs:/{runId}/model", run_id = runId }))
            .Ok().GetProperty("model_version");
        Assert.Equal(("1", "READY", runId), (version.Text("version"), version.Text("status"), version.Text("run_id")));
        Assert.Equal($"{artifactUri}/model", version.Text("source"));
        Assert.Equal("READY", (await mlflow.GetAsync("model-versions/get", ("name", modelName), ("version", "1")))
            .Ok().GetProperty("model_version").Text("status"));

        // client.set_registered_model_alias(name, "champion", "1")
        (await mlflow.PostAsync("registered-models/alias", new { name = modelName, alias = "champion", version = "1" })).Ok();

        // mlflow.search_runs(filter_string=..., order_by=...)
        var found = (await mlflow.PostAsync("runs/search", new
        {
            experiment_ids = new[] { experimentId },
            filter = "metrics.accuracy > 0.9 AND params.trainer = 'lbfgs' AND attributes.status = 'FINISHED' AND tags.`team` ILIKE 'FLOW%'",
            run_view_type = "ACTIVE_ONLY",
            max_results = 1000,
            order_by = new[] { "metrics.accuracy DESC", "start_time DESC" },
        })).Ok();
        Assert.Equal(runId, Assert.Single(found.GetProperty("runs").EnumerateArray()).GetProperty("info").Text("run_id"));
        Assert.False(found.TryGetProperty("next_page_token", out _));

        // mlflow.pyfunc.load_model("models:/<name>@champion"): alias → download URI → list → download each file.
        var byAlias = (await mlflow.GetAsync("registered-models/alias", ("name", modelName), ("alias", "champion"))).Ok().GetProperty("model_version");
        Assert.Equal(("1", "READY"), (byAlias.Text("version"), byAlias.Text("status")));
        Assert.Equal(["champion"], byAlias.GetProperty("aliases").EnumerateArray().Select(a => a.GetString()));
        var downloadUri = (await mlflow.GetAsync("model-versions/get-download-uri", ("name", modelName), ("version", byAlias.Text("version")))).Ok().Text("artifact_uri");
        Assert.Equal($"{artifactUri}/model", downloadUri);
        var folder = downloadUri["mlflow-artifacts:/".Length..];
        var files = (await mlflow.GetAsync(MlflowWire.Artifacts, ("path", folder))).Ok().GetProperty("files").EnumerateArray().ToList();
        Assert.Equal(["MLmodel", "model.zip"], files.Select(f => f.Text("path")).Order(StringComparer.Ordinal));
        Assert.All(files, f => Assert.False(f.GetProperty("is_dir").GetBoolean()));
        Assert.Equal(IrisModel.Bytes, await mlflow.DownloadAsync($"{folder}/model.zip"));

        var model = (await mlflow.GetAsync("registered-models/get", ("name", modelName))).Ok().GetProperty("registered_model");
        Assert.Equal(("champion", "1"), (model.GetProperty("aliases")[0].Text("alias"), model.GetProperty("aliases")[0].Text("version")));
        Assert.Equal("1", model.GetProperty("latest_versions")[0].Text("version"));
    }

    [Fact]
    public async Task The_mlflow_routes_are_in_the_openapi_document_under_their_own_tag()
    {
        var document = await app.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var paths = document.GetProperty("paths");
        Assert.Equal("MLflow", paths.GetProperty("/api/2.0/mlflow/runs/search").GetProperty("post").GetProperty("tags")[0].GetString());
        Assert.Equal("MLflow", paths.GetProperty("/api/2.0/mlflow/registered-models/alias").GetProperty("delete").GetProperty("tags")[0].GetString());
        Assert.True(paths.TryGetProperty("/api/2.0/mlflow-artifacts/artifacts/{path}", out _));
    }

    [Fact]
    public async Task Experiment_zero_is_the_default_experiment_that_unset_clients_log_to()
    {
        using var mlflow = await MlflowWire.WithRoleAsync(app, Roles.DataScientist);

        var experiment = (await mlflow.GetAsync("experiments/get", ("experiment_id", "0"))).Ok().GetProperty("experiment");
        var run = (await mlflow.PostAsync("runs/create", new { experiment_id = "0", start_time = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() })).Ok().GetProperty("run");
        var found = (await mlflow.PostAsync("runs/search", new { experiment_ids = new[] { "0" }, max_results = 1 })).Ok();

        Assert.Equal("Default", experiment.Text("name"));
        Assert.Equal(experiment.Text("experiment_id"), run.GetProperty("info").Text("experiment_id"));
        Assert.Equal(run.GetProperty("info").Text("run_id"), found.GetProperty("runs")[0].GetProperty("info").Text("run_id"));
    }

    [Fact]
    public async Task Search_pages_with_max_results_and_the_page_token()
    {
        using var mlflow = await MlflowWire.WithRoleAsync(app, Roles.DataScientist);
        var experimentId = (await mlflow.PostAsync("experiments/create", new { name = $"paging-{Guid.NewGuid():N}" })).Ok().Text("experiment_id");
        for (var i = 0; i < 5; i++)
        {
            var runId = (await mlflow.PostAsync("runs/create", new { experiment_id = experimentId, run_name = $"r{i}" })).Ok().GetProperty("run").GetProperty("info").Text("run_id");
            (await mlflow.PostAsync("runs/log-metric", new { run_id = runId, key = "score", value = i, timestamp = 1, step = 0 })).Ok();
        }

        var seen = new List<string>();
        string? token = null;
        do
        {
            var page = (await mlflow.PostAsync("runs/search", new { experiment_ids = new[] { experimentId }, max_results = 2, order_by = new[] { "metrics.score ASC" }, page_token = token })).Ok();
            seen.AddRange(page.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("info").Text("run_name")));
            token = page.TryGetProperty("next_page_token", out var next) ? next.GetString() : null;
        }
        while (token is not null);

        Assert.Equal(["r0", "r1", "r2", "r3", "r4"], seen);
    }

    [Fact]
    public async Task Production_cannot_be_set_through_mlflow_and_the_answer_says_how_to_request_it()
    {
        using var mlflow = await MlflowWire.WithRoleAsync(app, Roles.Admin);
        var (modelName, _) = await MlflowScenario.RegisterIrisAsync(mlflow);

        var alias = (await mlflow.PostAsync("registered-models/alias", new { name = modelName, alias = "production", version = "1" }))
            .Error(HttpStatusCode.Forbidden, "PERMISSION_DENIED");
        var stage = (await mlflow.PostAsync("model-versions/transition-stage", new { name = modelName, version = "1", stage = "Production", archive_existing_versions = false }))
            .Error(HttpStatusCode.Forbidden, "PERMISSION_DENIED");

        Assert.Contains($"/api/v1/models/{modelName}/promotions", alias);
        Assert.Contains("four-eyes", stage);
        Assert.Equal(0, (await mlflow.GetAsync("registered-models/get", ("name", modelName))).Ok().GetProperty("registered_model").GetProperty("aliases").GetArrayLength());
    }
}

/// <summary>Steps several tests share, sent as the Python client sends them.</summary>
internal static class MlflowScenario
{
    public static async Task<(string ExperimentId, string RunId, string ArtifactUri)> StartRunAsync(MlflowWire mlflow)
    {
        var experimentId = (await mlflow.PostAsync("experiments/create", new { name = $"exp-{Guid.NewGuid():N}" })).Ok().Text("experiment_id");
        var info = (await mlflow.PostAsync("runs/create", new { experiment_id = experimentId, start_time = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() }))
            .Ok().GetProperty("run").GetProperty("info");
        return (experimentId, info.Text("run_id"), info.Text("artifact_uri"));
    }

    public static async Task<(string ModelName, string RunId)> RegisterIrisAsync(MlflowWire mlflow)
    {
        var (_, runId, artifactUri) = await StartRunAsync(mlflow);
        (await mlflow.UploadAsync(artifactUri, "model/MLmodel", MlflowModelFolders.MlNet())).Ok();
        (await mlflow.UploadAsync(artifactUri, "model/model.zip", IrisModel.Bytes)).Ok();
        var name = $"m-{Guid.NewGuid():N}"[..20];
        (await mlflow.PostAsync("registered-models/create", new { name })).Ok();
        (await mlflow.PostAsync("model-versions/create", new { name, source = $"runs:/{runId}/model", run_id = runId })).Ok();
        return (name, runId);
    }
}
