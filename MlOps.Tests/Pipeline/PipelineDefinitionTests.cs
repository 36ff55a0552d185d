using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MlOps.Modules.Platform.Contracts;
using MlOps.Tests.Support;

namespace MlOps.Tests.Pipeline;

public sealed class PipelineDefinitionTests(MlOpsFactory factory) : IClassFixture<MlOpsFactory>, IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        using var client = factory.CreateAdminClient();
        await PipelineApi.UploadAsync(client, "iris", "iris.csv");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static object Iris(string name, string label = "species", string task = "MulticlassClassification", string[]? trainers = null) =>
        new { name, dataset = "iris", task, label, trainers = trainers ?? ["LightGbm"] };

    [Fact]
    public async Task The_trainer_catalog_lists_hyperparameter_ranges_per_task()
    {
        using var client = factory.CreateAdminClient();

        var trainers = await client.GetFromJsonAsync<JsonElement>("/api/v1/trainers?task=Regression");

        var lightGbm = trainers.EnumerateArray().Single(t => t.GetProperty("name").GetString() == "LightGbm");
        var leaves = lightGbm.GetProperty("hyperparameters").EnumerateArray().Single(h => h.GetProperty("name").GetString() == "numberOfLeaves");
        Assert.True(leaves.GetProperty("min").GetDouble() < leaves.GetProperty("max").GetDouble());
        Assert.Equal(5, trainers.GetArrayLength());
    }

    [Theory]
    [InlineData("unknown-trainer", "trainers[0]")]
    [InlineData("unknown-label", "label")]
    [InlineData("categorical-regression", "label")]
    [InlineData("bad-cron", "schedule.cron")]
    [InlineData("drift-without-model", "retrainOnDrift")]
    public async Task Definitions_that_do_not_fit_are_400_naming_the_field(string @case, string field)
    {
        using var client = factory.CreateAdminClient();
        object definition = @case switch
        {
            "unknown-trainer" => Iris("p1", trainers: ["Magic"]),
            "unknown-label" => Iris("p2", label: "petal_colour"),
            "categorical-regression" => Iris("p3", task: "Regression"),
            "drift-without-model" => new { name = "p5", dataset = "iris", task = "MulticlassClassification", label = "species", trainers = new[] { "LightGbm" }, retrainOnDrift = true },
            _ => new { name = "p4", dataset = "iris", task = "MulticlassClassification", label = "species", trainers = new[] { "LightGbm" }, schedule = new { cron = "every day", enabled = true } },
        };

        var response = await PipelineApi.CreateAsync(client, definition);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out _), errors.ToString());
    }

    [Fact]
    public async Task A_missing_task_or_malformed_yaml_is_400_that_says_what_is_wrong()
    {
        using var client = factory.CreateAdminClient();

        var missing = await client.PostAsync("/api/v1/pipelines", JsonContent.Create(new { name = "p5", dataset = "iris", label = "species", trainers = new[] { "LightGbm" } }));
        var yaml = await client.PostAsync("/api/v1/pipelines", new StringContent("name: [unclosed", System.Text.Encoding.UTF8, "application/yaml"));

        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Contains("task", await missing.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, yaml.StatusCode);
        Assert.Contains("YAML", await yaml.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_duplicate_name_is_409_and_an_unknown_dataset_is_400()
    {
        using var client = factory.CreateAdminClient();
        await PipelineApi.CreateAsync(client, Iris("twice"));

        var duplicate = await PipelineApi.CreateAsync(client, Iris("twice"));
        var noDataset = await PipelineApi.CreateAsync(client, new { name = "nodata", dataset = "nope", task = "Regression", label = "x", trainers = new[] { "LightGbm" } });

        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noDataset.StatusCode);
    }

    [Fact]
    public async Task Analysts_cannot_define_pipelines_and_data_scientists_cannot_schedule_them()
    {
        using var analyst = await factory.CreateClientWithRoleAsync(Roles.Analyst);
        using var scientist = await factory.CreateClientWithRoleAsync(Roles.DataScientist);

        var byAnalyst = await PipelineApi.CreateAsync(analyst, Iris("by-analyst"));
        var scheduledByScientist = await PipelineApi.CreateAsync(scientist,
            new { name = "by-scientist", dataset = "iris", task = "MulticlassClassification", label = "species", trainers = new[] { "LightGbm" }, schedule = new { cron = "0 0 3 * * ?" } });
        var created = await PipelineApi.CreateAsync(scientist, Iris("by-scientist"));
        var schedule = await scientist.PutAsJsonAsync("/api/v1/pipelines/by-scientist/schedule", new { cron = "0 0 3 * * ?", enabled = true });

        Assert.Equal(HttpStatusCode.Forbidden, byAnalyst.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, scheduledByScientist.StatusCode);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, schedule.StatusCode);
    }

    [Fact]
    public async Task An_admin_schedule_shows_its_next_fire_times_and_the_yaml_view_round_trips()
    {
        using var client = factory.CreateAdminClient();
        await PipelineApi.CreateAsync(client, Iris("nightly"));

        var scheduled = await client.PutAsJsonAsync("/api/v1/pipelines/nightly/schedule", new { cron = "0 0 3 * * ?", enabled = true });
        using var yamlRequest = new HttpRequestMessage(HttpMethod.Get, "/api/v1/pipelines/nightly");
        yamlRequest.Headers.Accept.ParseAdd("application/yaml");
        var yaml = await (await client.SendAsync(yamlRequest)).Content.ReadAsStringAsync();

        var details = await scheduled.Content.ReadFromJsonAsync<JsonElement>();
        var fires = details.GetProperty("nextFireTimes").EnumerateArray().Select(t => t.GetDateTime()).ToList();
        Assert.Equal(5, fires.Count);
        Assert.All(fires, t => Assert.Equal(3, t.ToUniversalTime().Hour));
        Assert.Contains("cron: 0 0 3 * * ?", yaml);
        Assert.Contains("dataset: iris", yaml);
    }

    [Fact]
    public async Task A_yaml_pipeline_can_opt_in_to_retraining_on_drift()
    {
        using var client = factory.CreateAdminClient();
        const string yaml = "name: drift-watched\ndataset: iris\ntask: MulticlassClassification\nlabel: species\ntrainers: [LightGbm]\nregisterModel: iris-drift\nretrainOnDrift: true\n";

        var created = await client.PostAsync("/api/v1/pipelines", new StringContent(yaml, System.Text.Encoding.UTF8, "application/yaml"));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var stored = await client.GetFromJsonAsync<JsonElement>("/api/v1/pipelines/drift-watched");
        Assert.True(stored.GetProperty("definition").GetProperty("retrainOnDrift").GetBoolean(), stored.ToString());
    }
}
