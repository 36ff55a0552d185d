using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MlOps.Modules.Experiments.Contracts;
using MlOps.Modules.Platform.Contracts;
using MlOps.Tests.Support;

namespace MlOps.Tests.Experiments;

public sealed class ExperimentsApiTests(MlOpsFactory factory) : IClassFixture<MlOpsFactory>
{
    private readonly HttpClient _admin = factory.CreateAdminClient();

    [Fact]
    public async Task Creating_an_experiment_answers_201_with_its_location()
    {
        var response = await _admin.PostAsJsonAsync("/api/v1/experiments",
            new { name = "churn-" + Guid.NewGuid().ToString("N"), description = "Who leaves", tags = new Dictionary<string, string> { ["team"] = "growth" } });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = (await response.Content.ReadFromJsonAsync<ExperimentSummary>(ExperimentsApi.Json))!;
        Assert.Equal($"/api/v1/experiments/{created.Id}", response.Headers.Location?.OriginalString);
        var read = await _admin.GetFromJsonAsync<ExperimentSummary>(response.Headers.Location, ExperimentsApi.Json);
        Assert.Equal("Who leaves", read!.Description);
        Assert.Equal("growth", read.Tags["team"]);
    }

    [Fact]
    public async Task Experiment_name_taken_is_409()
    {
        var name = "dup-" + Guid.NewGuid().ToString("N");
        await _admin.CreateExperimentAsync(name);

        var response = await _admin.PostAsJsonAsync("/api/v1/experiments", new { name });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains(name, (await response.ProblemAsync()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Experiment_without_a_name_is_400_naming_the_field()
    {
        var response = await _admin.PostAsJsonAsync("/api/v1/experiments", new { name = "" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotEmpty((await response.ProblemAsync()).ErrorFor("name"));
    }

    [Fact]
    public async Task Experiments_list_matches_the_search_text_and_counts_runs()
    {
        var marker = Guid.NewGuid().ToString("N");
        var experiment = await _admin.CreateExperimentAsync($"fraud-{marker}");
        await _admin.CreateExperimentAsync($"other-{Guid.NewGuid():N}");
        await _admin.CreateRunAsync(experiment.Id);

        var page = await _admin.GetFromJsonAsync<Paged<ExperimentSummary>>($"/api/v1/experiments?search={marker}&page=1&pageSize=10", ExperimentsApi.Json);

        var only = Assert.Single(page!.Items);
        Assert.Equal(experiment.Id, only.Id);
        Assert.Equal(1, only.RunCount);
        Assert.Equal(1, page.Total);
    }

    [Fact]
    public async Task Unknown_experiment_is_404()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.GetAsync("/api/v1/experiments/987654")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.PostAsJsonAsync("/api/v1/experiments/987654/runs", new { })).StatusCode);
    }

    [Fact]
    public async Task A_new_run_is_running_and_keeps_its_params_and_tags()
    {
        var experiment = await _admin.CreateExperimentAsync();

        var response = await _admin.PostAsJsonAsync($"/api/v1/experiments/{experiment.Id}/runs",
            new { name = "first", tags = new Dictionary<string, string> { ["team"] = "a" }, @params = new Dictionary<string, string> { ["trainer"] = "LightGbm" } });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = (await response.Content.ReadFromJsonAsync<RunCreated>(ExperimentsApi.Json))!;
        Assert.Equal(RunStatus.Running, created.Status);
        Assert.Equal(experiment.Id, created.ExperimentId);
        Assert.Equal($"/api/v1/runs/{created.Id}", response.Headers.Location?.OriginalString);
        var run = await _admin.GetRunAsync(created.Id);
        Assert.Equal("first", run.Name);
        Assert.Equal("LightGbm", run.Params["trainer"]);
        Assert.Equal("a", run.Tags["team"]);
        Assert.Null(run.EndTime);
    }

    [Fact]
    public async Task Log_batch_keeps_the_value_of_the_highest_step_as_latest()
    {
        var run = await NewRunAsync();

        var response = await _admin.LogBatchAsync(run.Id, new
        {
            metrics = new object[] { new { key = "loss", value = 0.9, step = 0 }, new { key = "loss", value = 0.2, step = 2 }, new { key = "loss", value = 0.5, step = 1 } },
            @params = new[] { new { key = "lr", value = "0.01" } },
            tags = new[] { new { key = "note", value = "baseline" } },
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var read = await _admin.GetRunAsync(run.Id);
        Assert.Equal(0.2, read.Metrics["loss"]);
        Assert.Equal("0.01", read.Params["lr"]);
        Assert.Equal("baseline", read.Tags["note"]);

        await _admin.LogBatchAsync(run.Id, new { metrics = new[] { new { key = "loss", value = 0.7, step = 1 } } });
        Assert.Equal(0.2, (await _admin.GetRunAsync(run.Id)).Metrics["loss"]);
    }

    [Fact]
    public async Task Metric_history_lists_every_point_in_step_order()
    {
        var run = await NewRunAsync();
        await _admin.LogBatchAsync(run.Id, new
        {
            metrics = new object[]
            {
                new { key = "acc", value = 0.7, step = 2, timestamp = "2026-11-22T10:00:02Z" },
                new { key = "acc", value = 0.5, step = 1, timestamp = "2026-11-22T10:00:01Z" },
            },
        });

        var history = await _admin.GetFromJsonAsync<MetricHistory>($"/api/v1/runs/{run.Id}/metrics/acc", ExperimentsApi.Json);

        Assert.Equal("acc", history!.Key);
        Assert.Equal([0.5, 0.7], history.History.Select(p => p.Value));
        Assert.Equal([1L, 2L], history.History.Select(p => p.Step));
        Assert.Equal(new DateTime(2026, 11, 22, 10, 0, 1, DateTimeKind.Utc), history.History[0].Timestamp);
    }

    [Fact]
    public async Task Logging_the_very_same_point_twice_keeps_one()
    {
        var run = await NewRunAsync();
        var point = new { key = "loss", value = 0.3, step = 7, timestamp = "2026-11-22T10:00:00Z" };

        await _admin.LogBatchAsync(run.Id, new { metrics = new[] { point } });
        await _admin.LogBatchAsync(run.Id, new { metrics = new[] { point, point with { value = 0.4 } } });

        var history = await _admin.GetFromJsonAsync<MetricHistory>($"/api/v1/runs/{run.Id}/metrics/loss", ExperimentsApi.Json);
        Assert.Equal([0.3, 0.4], history!.History.Select(p => p.Value).Order());
    }

    [Fact]
    public async Task Param_cannot_change_once_set()
    {
        var run = await NewRunAsync();
        await _admin.LogBatchAsync(run.Id, new { @params = new[] { new { key = "trainer", value = "LightGbm" } } });

        var same = await _admin.LogBatchAsync(run.Id, new { @params = new[] { new { key = "trainer", value = "LightGbm" } } });
        var changed = await _admin.LogBatchAsync(run.Id, new { @params = new[] { new { key = "trainer", value = "FastTree" } }, metrics = new[] { new { key = "m", value = 1.0 } } });

        Assert.Equal(HttpStatusCode.OK, same.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, changed.StatusCode);
        Assert.Contains("trainer", (await changed.ProblemAsync()).GetProperty("detail").GetString());
        var read = await _admin.GetRunAsync(run.Id);
        Assert.Equal("LightGbm", read.Params["trainer"]);
        Assert.False(read.Metrics.ContainsKey("m"));
    }

    [Theory]
    [InlineData(1001, 0, 0, "metrics")]
    [InlineData(0, 101, 0, "params")]
    [InlineData(0, 0, 101, "tags")]
    public async Task Log_batch_over_its_limits_is_400(int metrics, int parameters, int tags, string field)
    {
        var run = await NewRunAsync();

        var response = await _admin.LogBatchAsync(run.Id, new
        {
            metrics = Enumerable.Range(0, metrics).Select(i => new { key = "m", value = 1.0, step = i }),
            @params = Enumerable.Range(0, parameters).Select(i => new { key = $"p{i}", value = "v" }),
            tags = Enumerable.Range(0, tags).Select(i => new { key = $"t{i}", value = "v" }),
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("At most", (await response.ProblemAsync()).ErrorFor(field));
    }

    [Fact]
    public async Task Log_batch_of_exactly_1000_metrics_is_accepted()
    {
        var run = await NewRunAsync();

        var response = await _admin.LogBatchAsync(run.Id, new { metrics = Enumerable.Range(0, 1000).Select(i => new { key = $"m{i % 10}", value = i * 0.5, step = i }) });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(999 * 0.5, (await _admin.GetRunAsync(run.Id)).Metrics["m9"]);
    }

    [Theory]
    [InlineData("""{"metrics":[{"key":"loss","value":"NaN"}]}""")]
    [InlineData("""{"metrics":[{"key":"loss","value":NaN}]}""")]
    [InlineData("""{"metrics":[{"key":"loss","value":"Infinity"}]}""")]
    [InlineData("""{"metrics":[{"key":"loss","value":1e999}]}""")]
    public async Task Metric_values_must_be_finite_numbers(string body)
    {
        var run = await NewRunAsync();

        var response = await _admin.PostAsync($"/api/v1/runs/{run.Id}/log-batch", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False((await _admin.GetRunAsync(run.Id)).Metrics.ContainsKey("loss"));
    }

    [Fact]
    public async Task Keys_over_250_characters_are_400_with_a_clear_message()
    {
        var run = await NewRunAsync();

        var response = await _admin.LogBatchAsync(run.Id, new { metrics = new[] { new { key = new string('k', 251), value = 1.0 } } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("at most 250 characters", (await response.ProblemAsync()).ErrorFor("metrics[0].key"));
    }

    [Fact]
    public async Task Values_over_6000_characters_are_400_with_a_clear_message()
    {
        var run = await NewRunAsync();

        var response = await _admin.LogBatchAsync(run.Id, new { @params = new[] { new { key = "big", value = new string('v', 6001) } } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("at most 6000 characters", (await response.ProblemAsync()).ErrorFor("params[0].value"));
    }

    [Fact]
    public async Task Keys_with_disallowed_characters_are_400()
    {
        var run = await NewRunAsync();

        var response = await _admin.LogBatchAsync(run.Id, new { tags = new[] { new { key = "a'b", value = "x" } } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("not allowed", (await response.ProblemAsync()).ErrorFor("tags[0].key"));
    }

    [Fact]
    public async Task Logging_to_an_unknown_run_is_404()
    {
        var response = await _admin.LogBatchAsync("987654", new { metrics = new[] { new { key = "m", value = 1.0 } } });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Finishing_a_run_sets_its_status_and_end_time()
    {
        var run = await NewRunAsync();

        var response = await _admin.PatchAsJsonAsync($"/api/v1/runs/{run.Id}", new { status = "Finished", name = "renamed" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var read = await _admin.GetRunAsync(run.Id);
        Assert.Equal(RunStatus.Finished, read.Status);
        Assert.Equal("renamed", read.Name);
        Assert.NotNull(read.EndTime);
    }

    [Fact]
    public async Task A_run_cannot_be_patched_back_to_running()
    {
        var run = await NewRunAsync();

        var response = await _admin.PatchAsJsonAsync($"/api/v1/runs/{run.Id}", new { status = "Running" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Finished, Failed or Killed", (await response.ProblemAsync()).ErrorFor("status"));
    }

    [Fact]
    public async Task Unknown_run_is_404()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.GetAsync("/api/v1/runs/987654")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.GetAsync("/api/v1/runs/987654/metrics/loss")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.PatchAsJsonAsync("/api/v1/runs/987654", new { status = "Killed" })).StatusCode);
    }

    [Fact]
    public async Task Analyst_reads_runs_but_cannot_write()
    {
        var run = await NewRunAsync();
        using var analyst = await factory.CreateClientWithRoleAsync(Roles.Analyst);

        Assert.Equal(HttpStatusCode.OK, (await analyst.GetAsync($"/api/v1/runs/{run.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await analyst.PostAsJsonAsync("/api/v1/runs/search", new { experimentIds = new[] { run.ExperimentId } })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.PostAsJsonAsync("/api/v1/experiments", new { name = "nope" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.PostAsJsonAsync($"/api/v1/experiments/{run.ExperimentId}/runs", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.LogBatchAsync(run.Id, new { metrics = new[] { new { key = "m", value = 1.0 } } })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.PatchAsJsonAsync($"/api/v1/runs/{run.Id}", new { status = "Killed" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.PutAsync($"/api/v1/runs/{run.Id}/artifacts/a.txt", new ByteArrayContent([1]))).StatusCode);
    }

    [Fact]
    public async Task Data_scientist_may_write_tracking_data()
    {
        var run = await NewRunAsync();
        using var scientist = await factory.CreateClientWithRoleAsync(Roles.DataScientist);

        Assert.Equal(HttpStatusCode.OK, (await scientist.LogBatchAsync(run.Id, new { metrics = new[] { new { key = "m", value = 1.0 } } })).StatusCode);
    }

    [Fact]
    public async Task Experiments_without_credentials_are_401()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.CreateClient().GetAsync("/api/v1/experiments")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.CreateClient().GetAsync("/api/v1/runs/1")).StatusCode);
    }

    [Fact]
    public async Task Every_tracking_write_is_audited_with_its_actor()
    {
        var run = await NewRunAsync();
        await _admin.LogBatchAsync(run.Id, new { metrics = new[] { new { key = "m", value = 1.0 } } });
        await _admin.PatchAsJsonAsync($"/api/v1/runs/{run.Id}", new { status = "Failed" });
        var put = await _admin.PutAsync($"/api/v1/runs/{run.Id}/artifacts/notes.txt", new StringContent("hi"));
        Assert.True(put.StatusCode == HttpStatusCode.Created, await put.Content.ReadAsStringAsync());

        var audit = await _admin.GetFromJsonAsync<Paged<AuditEntry>>($"/api/v1/audit?entityType=run&entityId={run.Id}");

        Assert.Equal(["artifact.stored", "run.created", "run.logged", "run.updated"], audit!.Items.Select(e => e.Action).Order());
        Assert.All(audit.Items, e => Assert.Contains("bootstrap", e.Actor));
        var experimentAudit = await _admin.GetFromJsonAsync<Paged<AuditEntry>>($"/api/v1/audit?entityType=experiment&entityId={run.ExperimentId}");
        Assert.Equal("experiment.created", Assert.Single(experimentAudit!.Items).Action);
    }

    private async Task<RunCreated> NewRunAsync() => await _admin.CreateRunAsync((await _admin.CreateExperimentAsync()).Id);
}
