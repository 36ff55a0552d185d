using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MlOps.Modules.Platform.Contracts;
using MlOps.Modules.Registry.Contracts;
using MlOps.Tests.Onnx;
using MlOps.Tests.Support;

namespace MlOps.Tests.Mlflow;

/// <summary>
/// Which MLflow model folders become servable versions (mlnet, onnx) and which are stored with their lineage but shown as
/// not servable here (sklearn pickles, PyTorch state dicts), in model_registry.proto's ModelVersion shape.
/// </summary>
public sealed class MlflowModelFormatsTests(MlOpsFactory app) : IClassFixture<MlOpsFactory>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };
    private static readonly object[] Flowers =
    [
        new { sepal_length = 5.1, sepal_width = 3.5, petal_length = 1.4, petal_width = 0.2 },
        new { sepal_length = 6.7, sepal_width = 3.0, petal_length = 5.2, petal_width = 2.3 },
    ];

    [Fact]
    public async Task A_pickled_model_is_stored_with_its_lineage_as_not_servable_and_is_never_served_or_promoted()
    {
        using var mlflow = await MlflowWire.WithRoleAsync(app, Roles.DataScientist);
        var (experimentId, runId, artifactUri) = await MlflowScenario.StartRunAsync(mlflow);
        (await mlflow.PostAsync("runs/log-metric", new { run_id = runId, key = "accuracy", value = 0.91, timestamp = 1, step = 0 })).Ok();
        var pickle = "\u0080\u0004cos\nsystem\n(S'touch /tmp/pwned'\ntR."u8.ToArray();
        (await mlflow.UploadAsync(artifactUri, "model/MLmodel", MlflowModelFolders.Sklearn())).Ok();
        (await mlflow.UploadAsync(artifactUri, "model/model.pkl", pickle)).Ok();
        (await mlflow.UploadAsync(artifactUri, "model/code/features.py", "def f(x):\n    return x\n"u8.ToArray())).Ok();
        var name = $"sk-{Guid.NewGuid():N}"[..16];
        (await mlflow.PostAsync("registered-models/create", new { name })).Ok();

        var version = (await mlflow.PostAsync("model-versions/create", new { name, source = $"mlflow-artifacts:/{experimentId}/{runId}/artifacts/model", run_id = runId, description = "baseline" }))
            .Ok().GetProperty("model_version");

        Assert.Equal(("1", "READY", runId, "baseline"), (version.Text("version"), version.Text("status"), version.Text("run_id"), version.Text("description")));
        Assert.Contains("not servable here", version.Text("status_message"));
        Assert.Contains("sklearn", version.Text("status_message"));
        Assert.Equal("false", version.GetProperty("tags").Pairs()["mlops.servable"]);
        Assert.Equal($"{artifactUri}/model", (await mlflow.GetAsync("model-versions/get-download-uri", ("name", name), ("version", "1"))).Ok().Text("artifact_uri"));
        using var admin = app.CreateAdminClient();
        var native = (await admin.GetFromJsonAsync<ModelVersionDetails>($"/api/v1/models/{name}/versions/1", Json))!;
        Assert.Equal((ModelFormat.MlflowFolder, false, runId, "model"), (native.Format, native.Servable, native.RunId, native.SourcePath));
        Assert.Equal(["python_function", "sklearn"], native.Flavors!.Order(StringComparer.Ordinal));
        Assert.Equal(0.91, native.Metrics["accuracy"]);
        using (var stored = new ZipArchive(await admin.GetStreamAsync($"/api/v1/models/{name}/versions/1/artifact")))
        {
            Assert.Equal(["MLmodel", "code/features.py", "model.pkl"], stored.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal));
            using var reader = new BinaryReader(stored.GetEntry("model.pkl")!.Open());
            Assert.Equal(pickle, reader.ReadBytes(pickle.Length + 1));
        }

        var predicted = await admin.PostAsJsonAsync($"/api/v1/models/{name}/predict?version=1", new { records = Flowers });
        Assert.Equal(HttpStatusCode.Conflict, predicted.StatusCode);
        Assert.Contains("not servable here", await predicted.Content.ReadAsStringAsync());
        var promotion = await admin.PostAsJsonAsync($"/api/v1/models/{name}/promotions", new { version = 1, alias = "production", reason = "try" });
        Assert.Equal(HttpStatusCode.Conflict, promotion.StatusCode);
        Assert.Contains("not servable here", await promotion.Content.ReadAsStringAsync());
        Assert.Equal(3, (await mlflow.GetAsync("artifacts/list", ("run_id", runId), ("path", "model"))).Ok().GetProperty("files").GetArrayLength());
    }

    [Fact]
    public async Task A_pytorch_folder_is_stored_whole_and_a_folder_without_files_is_refused_with_nothing_stored()
    {
        using var mlflow = await MlflowWire.WithRoleAsync(app, Roles.DataScientist);
        var (_, runId, artifactUri) = await MlflowScenario.StartRunAsync(mlflow);
        (await mlflow.UploadAsync(artifactUri, "torch/MLmodel", MlflowModelFolders.PyTorch())).Ok();
        (await mlflow.UploadAsync(artifactUri, "torch/data/model.pth", new byte[4096])).Ok();
        (await mlflow.UploadAsync(artifactUri, "broken/MLmodel", Encoding.UTF8.GetBytes("flavors:\n  sklearn:\n    pickled_model: model.pkl\nsignature:\n  inputs: '[{\"type\": \"float\"'\n"))).Ok();
        var name = $"pt-{Guid.NewGuid():N}"[..16];

        var version = (await mlflow.PostAsync("model-versions/create", new { name, source = $"runs:/{runId}/torch" })).Ok().GetProperty("model_version");
        var broken = (await mlflow.PostAsync("model-versions/create", new { name, source = $"runs:/{runId}/broken" })).Error(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");

        Assert.Contains("pytorch", version.Text("status_message"));
        Assert.Contains("signature.inputs", broken);
        using var admin = app.CreateAdminClient();
        var native = (await admin.GetFromJsonAsync<ModelVersionDetails>($"/api/v1/models/{name}/versions/1", Json))!;
        Assert.True(native.Artifact.Size > 0);
        Assert.False(native.Servable);
        Assert.Equal(1, (await admin.GetFromJsonAsync<ModelSummary>($"/api/v1/models/{name}", Json))!.LatestVersion);
    }

    [Theory]
    [InlineData("data")]
    [InlineData("model_data")]
    public async Task An_onnx_flavored_folder_registers_as_an_onnx_version_that_serves_predictions(string fileKey)
    {
        using var mlflow = await MlflowWire.WithRoleAsync(app, Roles.DataScientist);
        var (_, runId, artifactUri) = await MlflowScenario.StartRunAsync(mlflow);
        (await mlflow.PostAsync("runs/log-parameter", new { run_id = runId, key = "task", value = "MulticlassClassification" })).Ok();
        (await mlflow.UploadAsync(artifactUri, "onnx-model/MLmodel", MlflowModelFolders.Onnx(fileKey))).Ok();
        (await mlflow.UploadAsync(artifactUri, "onnx-model/model.onnx", OnnxFixture.Fixture("iris-mlp.onnx"))).Ok();
        var name = $"onnx-{Guid.NewGuid():N}"[..18];

        var version = (await mlflow.PostAsync("model-versions/create", new { name, source = $"runs:/{runId}/onnx-model" })).Ok().GetProperty("model_version");

        Assert.False(version.TryGetProperty("status_message", out _));
        Assert.Equal("true", version.GetProperty("tags").Pairs()["mlops.servable"]);
        Assert.Equal($"{artifactUri}/onnx-model", version.Text("source"));
        using var admin = app.CreateAdminClient();
        var native = (await admin.GetFromJsonAsync<ModelVersionDetails>($"/api/v1/models/{name}/versions/1", Json))!;
        Assert.Equal((ModelFormat.Onnx, true), (native.Format, native.Servable));
        Assert.Equal(["sepal_length", "sepal_width", "petal_length", "petal_width"], native.InputSchema.Select(c => c.Name));
        var predicted = await admin.PostAsJsonAsync($"/api/v1/models/{name}/predict?version=1", new { records = Flowers });
        Assert.Equal(HttpStatusCode.OK, predicted.StatusCode);
        var predictions = (await predicted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("predictions");
        Assert.Equal(["0", "2"], predictions.EnumerateArray().Select(p => p.GetProperty("label").GetString()));
        Assert.All(predictions.EnumerateArray(), p => Assert.Equal(1.0, p.GetProperty("probabilities").EnumerateObject().Sum(c => c.Value.GetDouble()), 3));
    }

    [Fact]
    public async Task Update_sets_a_version_description_and_is_checked_like_any_write()
    {
        using var mlflow = await MlflowWire.WithRoleAsync(app, Roles.DataScientist);
        using var analyst = await MlflowWire.WithRoleAsync(app, Roles.Analyst);
        var (name, _) = await MlflowScenario.RegisterIrisAsync(mlflow);

        var updated = (await mlflow.PatchAsync("model-versions/update", new { name, version = "1", description = "lbfgs, 4 features" })).Ok().GetProperty("model_version");
        var read = (await mlflow.GetAsync("model-versions/get", ("name", name), ("version", "1"))).Ok().GetProperty("model_version");

        Assert.Equal("lbfgs, 4 features", updated.Text("description"));
        Assert.Equal("lbfgs, 4 features", read.Text("description"));
        (await mlflow.PatchAsync("model-versions/update", new { name, version = "7", description = "x" })).Error(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
        (await mlflow.PatchAsync("model-versions/update", new { name, version = "one", description = "x" })).Error(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
        Assert.Contains("2000", (await mlflow.PatchAsync("model-versions/update", new { name, version = "1", description = new string('x', 2001) })).Error(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE"));
        (await analyst.PatchAsync("model-versions/update", new { name, version = "1", description = "mine" })).Error(HttpStatusCode.Forbidden, "PERMISSION_DENIED");
        Assert.Equal("lbfgs, 4 features", (await mlflow.GetAsync("model-versions/get", ("name", name), ("version", "1"))).Ok().GetProperty("model_version").Text("description"));
        using var admin = app.CreateAdminClient();
        var audit = await admin.GetFromJsonAsync<Paged<AuditEntry>>($"/api/v1/audit?entityType=model&entityId={name}", Json);
        Assert.Contains(audit!.Items, e => e.Action == "model.version-described");
    }

    [Fact]
    public async Task Version_tags_are_set_on_create_and_later_deleted_and_the_servable_tag_is_read_only()
    {
        using var mlflow = await MlflowWire.WithRoleAsync(app, Roles.DataScientist);
        var (_, runId, artifactUri) = await MlflowScenario.StartRunAsync(mlflow);
        (await mlflow.UploadAsync(artifactUri, "model/MLmodel", MlflowModelFolders.Sklearn())).Ok();
        (await mlflow.UploadAsync(artifactUri, "model/model.pkl", "\u0080\u0004."u8.ToArray())).Ok();
        var name = $"tags-{Guid.NewGuid():N}"[..18];
        (await mlflow.PostAsync("model-versions/create", new { name, source = $"runs:/{runId}/model", tags = new[] { new { key = "team", value = "flowers" } } })).Ok();

        (await mlflow.PostAsync("model-versions/set-tag", new { name, version = "1", key = "validated", value = "yes" })).Ok();
        (await mlflow.PostAsync("model-versions/set-tag", new { name, version = "1", key = "team", value = "iris" })).Ok();
        (await mlflow.DeleteAsync("model-versions/delete-tag", new { name, version = "1", key = "validated" })).Ok();

        var tags = (await mlflow.GetAsync("model-versions/get", ("name", name), ("version", "1"))).Ok().GetProperty("model_version").GetProperty("tags").Pairs();
        Assert.Equal(new Dictionary<string, string> { ["team"] = "iris", ["mlops.servable"] = "false" }, tags);
        (await mlflow.DeleteAsync("model-versions/delete-tag", new { name, version = "1", key = "validated" })).Error(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
        (await mlflow.PostAsync("model-versions/set-tag", new { name, version = "1", key = "mlops.servable", value = "true" })).Error(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        (await mlflow.PostAsync("model-versions/set-tag", new { name, version = "1", key = "big", value = new string('x', 5001) })).Error(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        (await mlflow.PostAsync("model-versions/set-tag", new { name, version = "2", key = "k", value = "v" })).Error(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
        (await mlflow.PostAsync("model-versions/create", new { name, source = $"runs:/{runId}/model", tags = new object?[] { null } })).Error(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        using var admin = app.CreateAdminClient();
        var native = (await admin.GetFromJsonAsync<ModelVersionDetails>($"/api/v1/models/{name}/versions/1", Json))!;
        Assert.Equal(new Dictionary<string, string> { ["team"] = "iris" }, native.Tags);
        Assert.Equal(1, (await admin.GetFromJsonAsync<ModelSummary>($"/api/v1/models/{name}", Json))!.LatestVersion);
    }
}
