using System.Net;
using System.Net.Http.Json;
using System.Text;
using MlOps.Modules.Platform.Contracts;
using MlOps.Tests.Support;

namespace MlOps.Tests.Mlflow;

/// <summary>Bad input answers MLflow's error shape with the code MLflow uses, and stores nothing.</summary>
public sealed class MlflowBadInputTests(MlOpsFactory app) : IClassFixture<MlOpsFactory>
{
    [Fact]
    public async Task An_unknown_run_or_experiment_is_resource_does_not_exist()
    {
        using var mlflow = await MlflowWire.WithRoleAsync(app, Roles.DataScientist);

        (await mlflow.GetAsync("runs/get", ("run_id", "987654"))).Error(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
        (await mlflow.PostAsync("runs/log-batch", new { run_id = "987654", metrics = new[] { new { key = "a", value = 1.0, timestamp = 1, step = 0 } } }))
            .Error(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
        (await mlflow.PostAsync("runs/create", new { experiment_id = "987654" })).Error(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
        (await mlflow.GetAsync("metrics/get-history", ("run_id", "not-a-run"), ("metric_key", "a"))).Error(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
    }

    [Fact]
    public async Task A_malformed_filter_is_invalid_parameter_value_naming_the_position()
    {
        using var mlflow = await MlflowWire.WithRoleAsync(app, Roles.Analyst);

        var message = (await mlflow.PostAsync("runs/search", new { experiment_ids = new[] { "0" }, filter = "metrics.acc >> 0.9" }))
            .Error(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");

        Assert.Contains("position", message);
    }

    [Fact]
    public async Task A_nan_metric_is_refused_and_nothing_of_the_batch_is_stored()
    {
        using var mlflow = await MlflowWire.WithRoleAsync(app, Roles.DataScientist);
        var (_, runId, _) = await MlflowScenario.StartRunAsync(mlflow);

        // Python's json module writes NaN as a bare token, which is not JSON.
        var bare = await SendRawAsync(mlflow, "runs/log-batch", $$"""{"run_id": "{{runId}}", "metrics": [{"key": "ok", "value": 1, "timestamp": 1, "step": 0}, {"key": "loss", "value": NaN, "timestamp": 1, "step": 0}]}""");
        var quoted = await SendRawAsync(mlflow, "runs/log-metric", $$"""{"run_id": "{{runId}}", "key": "loss", "value": "NaN", "timestamp": 1, "step": 0}""");

        bare.Error(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        quoted.Error(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        Assert.Equal(0, (await mlflow.GetAsync("runs/get", ("run_id", runId))).Ok().GetProperty("run").GetProperty("data").GetProperty("metrics").GetArrayLength());
    }

    [Fact]
    public async Task Changing_a_param_is_invalid_and_keeps_the_first_value()
    {
        using var mlflow = await MlflowWire.WithRoleAsync(app, Roles.DataScientist);
        var (_, runId, _) = await MlflowScenario.StartRunAsync(mlflow);
        (await mlflow.PostAsync("runs/log-parameter", new { run_id = runId, key = "lr", value = "0.1" })).Ok();

        (await mlflow.PostAsync("runs/log-parameter", new { run_id = runId, key = "lr", value = "0.1" })).Ok();
        var message = (await mlflow.PostAsync("runs/log-batch", new { run_id = runId, @params = new[] { new { key = "lr", value = "0.5" } }, tags = new[] { new { key = "t", value = "v" } } }))
            .Error(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");

        Assert.Contains("lr", message);
        var data = (await mlflow.GetAsync("runs/get", ("run_id", runId))).Ok().GetProperty("run").GetProperty("data");
        Assert.Equal("0.1", data.GetProperty("params").Pairs()["lr"]);
        Assert.False(data.GetProperty("tags").Pairs().ContainsKey("t"));
    }

    [Fact]
    public async Task An_oversized_batch_is_refused_whole()
    {
        using var mlflow = await MlflowWire.WithRoleAsync(app, Roles.DataScientist);
        var (_, runId, _) = await MlflowScenario.StartRunAsync(mlflow);

        var message = (await mlflow.PostAsync("runs/log-batch", new
        {
            run_id = runId,
            metrics = Enumerable.Range(0, 1001).Select(i => new { key = "m", value = (double)i, timestamp = 1L, step = (long)i }),
        })).Error(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");

        Assert.Contains("1000", message);
        Assert.Equal(0, (await mlflow.GetAsync("metrics/get-history", ("run_id", runId), ("metric_key", "m"))).Ok().GetProperty("metrics").GetArrayLength());
    }

    [Theory]
    [InlineData("..%2F..%2Fsecrets.txt")]
    [InlineData("model/..%2F..%2F..%2Fescape.txt")]
    [InlineData("%2Fetc%2Fpasswd")]
    [InlineData("model%5C..%5C..%5Cx")]
    public async Task Traversal_in_artifact_paths_is_refused_and_nothing_is_written(string path)
    {
        using var mlflow = await MlflowWire.WithRoleAsync(app, Roles.DataScientist);
        var (experimentId, runId, _) = await MlflowScenario.StartRunAsync(mlflow);

        var upload = await mlflow.Http.PutAsync($"{MlflowWire.Artifacts}/{experimentId}/{runId}/artifacts/{path}", new ByteArrayContent("x"u8.ToArray()));
        var listing = await mlflow.GetAsync(MlflowWire.Artifacts, ("path", $"{experimentId}/{runId}/artifacts/{Uri.UnescapeDataString(path)}"));

        Assert.Equal(HttpStatusCode.BadRequest, upload.StatusCode);
        Assert.Equal("INVALID_PARAMETER_VALUE", (await upload.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("error_code").GetString());
        listing.Error(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        Assert.Equal(0, (await mlflow.GetAsync("artifacts/list", ("run_id", runId))).Ok().GetProperty("files").GetArrayLength());
        Assert.Empty(Directory.EnumerateFiles(app.DataDirectory, "*.txt", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Unreadable_json_and_unknown_routes_answer_in_mlflows_error_shape()
    {
        using var mlflow = await MlflowWire.WithRoleAsync(app, Roles.DataScientist);

        (await SendRawAsync(mlflow, "experiments/create", "{not json")).Error(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        (await mlflow.PostAsync("runs/no-such-endpoint", new { })).Error(HttpStatusCode.NotFound, "ENDPOINT_NOT_FOUND");
    }

    [Fact]
    public async Task A_taken_experiment_or_model_name_is_resource_already_exists()
    {
        using var mlflow = await MlflowWire.WithRoleAsync(app, Roles.DataScientist);
        var name = $"dup-{Guid.NewGuid():N}"[..20];
        (await mlflow.PostAsync("experiments/create", new { name })).Ok();
        (await mlflow.PostAsync("registered-models/create", new { name })).Ok();

        (await mlflow.PostAsync("experiments/create", new { name })).Error(HttpStatusCode.BadRequest, "RESOURCE_ALREADY_EXISTS");
        (await mlflow.PostAsync("registered-models/create", new { name })).Error(HttpStatusCode.BadRequest, "RESOURCE_ALREADY_EXISTS");
    }

    private static async Task<Answer> SendRawAsync(MlflowWire mlflow, string endpoint, string json)
    {
        var response = await mlflow.Http.PostAsync(MlflowWire.Tracking + endpoint, new StringContent(json, Encoding.UTF8, "application/json"));
        return new Answer(response.StatusCode, await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>());
    }
}
