using System.Net;
using System.Net.Http.Json;
using MlOps.Modules.Experiments.Contracts;
using MlOps.Tests.Support;

namespace MlOps.Tests.Experiments;

public sealed class ExperimentsSearchApiTests(MlOpsFactory factory) : IClassFixture<MlOpsFactory>
{
    private readonly HttpClient _admin = factory.CreateAdminClient();

    [Fact]
    public async Task And_binds_tighter_than_or_inside_parentheses()
    {
        var runs = await SeedAsync();

        var found = await SearchAsync(runs, "metrics.accuracy > 0.9 and (params.trainer = 'LightGbm' or tags.team = 'a')");

        Assert.Equal(["lgbm-a", "tree-a"], found.Order());
    }

    [Fact]
    public async Task Or_without_parentheses_unions_both_sides()
    {
        var runs = await SeedAsync();

        var found = await SearchAsync(runs, "params.trainer = 'Sdca' or metrics.accuracy >= 0.97");

        Assert.Equal(["sdca-a", "tree-a"], found.Order());
    }

    [Fact]
    public async Task In_matches_any_listed_value()
    {
        var runs = await SeedAsync();

        var found = await SearchAsync(runs, "params.trainer in ('Sdca', 'FastTree')");

        Assert.Equal(["sdca-a", "tree-a", "tree-b"], found.Order());
    }

    [Fact]
    public async Task In_works_on_metrics_and_status()
    {
        var runs = await SeedAsync();

        Assert.Equal(["lgbm-b", "sdca-a"], (await SearchAsync(runs, "metrics.accuracy in (0.8, 0.85)")).Order());
        Assert.Equal(["lgbm-b"], await SearchAsync(runs, "attributes.status in ('Finished', 'Killed')"));
    }

    [Fact]
    public async Task Like_matches_text_patterns()
    {
        var runs = await SeedAsync();

        Assert.Equal(["tree-a", "tree-b"], (await SearchAsync(runs, "attributes.name like 'tree%'")).Order());
        Assert.Equal(["lgbm-a", "lgbm-b"], (await SearchAsync(runs, "params.trainer like 'Light%'")).Order());
    }

    [Fact]
    public async Task Backticks_quote_keys_with_spaces()
    {
        var runs = await SeedAsync();

        Assert.Equal(["sdca-a"], await SearchAsync(runs, "metrics.`val loss` > 0.5"));
        Assert.Equal(["sdca-a"], await SearchAsync(runs, "`metrics.val loss` > 0.5"));
    }

    [Fact]
    public async Task Not_equal_and_status_filters_apply()
    {
        var runs = await SeedAsync();

        Assert.Equal(["lgbm-a", "lgbm-b", "sdca-a", "tree-b"], (await SearchAsync(runs, "attributes.name != 'tree-a'")).Order());
        Assert.Equal(["lgbm-b"], await SearchAsync(runs, "attributes.status = 'Finished'"));
    }

    [Fact]
    public async Task Start_time_compares_with_iso_text()
    {
        var runs = await SeedAsync();

        Assert.Equal(5, (await SearchAsync(runs, "attributes.startTime > '2000-01-01T00:00:00Z'")).Count);
        Assert.Empty(await SearchAsync(runs, "attributes.startTime < '2000-01-01T00:00:00Z'"));
    }

    [Fact]
    public async Task Results_sort_by_a_metric_with_missing_values_last()
    {
        var runs = await SeedAsync();
        await _admin.CreateRunAsync(runs, new { name = "no-metrics" });

        var descending = await _admin.SearchAsync(new { experimentIds = new[] { runs }, orderBy = new[] { "metrics.accuracy desc" } });
        var ascending = await _admin.SearchAsync(new { experimentIds = new[] { runs }, orderBy = new[] { "metrics.`val loss` asc" } });

        Assert.Equal(["tree-a", "lgbm-a", "tree-b", "lgbm-b", "sdca-a", "no-metrics"], descending.Items.Select(r => r.Name));
        Assert.Equal(["lgbm-b", "tree-b", "lgbm-a", "tree-a", "sdca-a", "no-metrics"], ascending.Items.Select(r => r.Name));
        Assert.Equal(0.97, descending.Items[0].Metrics["accuracy"]);
    }

    [Fact]
    public async Task Results_sort_by_param_then_attribute()
    {
        var runs = await SeedAsync();

        var page = await _admin.SearchAsync(new { experimentIds = new[] { runs }, orderBy = new[] { "params.trainer asc", "attributes.name desc" } });

        Assert.Equal(["tree-b", "tree-a", "lgbm-b", "lgbm-a", "sdca-a"], page.Items.Select(r => r.Name));
    }

    [Fact]
    public async Task Pages_hold_page_size_runs_and_the_total()
    {
        var runs = await SeedAsync();

        var page = await _admin.SearchAsync(new { experimentIds = new[] { runs }, orderBy = new[] { "attributes.name" }, page = 2, pageSize = 2 });

        Assert.Equal(5, page.Total);
        Assert.Equal(2, page.Page);
        Assert.Equal(["sdca-a", "tree-a"], page.Items.Select(r => r.Name));
    }

    [Fact]
    public async Task A_page_past_the_end_is_empty_but_keeps_the_total()
    {
        var runs = await SeedAsync();

        var filtered = await _admin.SearchAsync(new { experimentIds = new[] { runs }, filter = "tags.team = 'a'", page = 5, pageSize = 2 });
        var unfiltered = await _admin.SearchAsync(new { experimentIds = new[] { runs }, page = 5, pageSize = 2 });

        Assert.Empty(filtered.Items);
        Assert.Equal(3, filtered.Total);
        Assert.Empty(unfiltered.Items);
        Assert.Equal(5, unfiltered.Total);
    }

    [Fact]
    public async Task Quotes_in_values_are_data_not_sql()
    {
        var runs = await SeedAsync();

        Assert.Empty(await SearchAsync(runs, "params.trainer = 'x'' OR 1=1 --'"));
        Assert.Equal(5, (await _admin.SearchAsync(new { experimentIds = new[] { runs } })).Total);
    }

    [Theory]
    [InlineData("metrics.accuracy > ", "position 20")]
    [InlineData("metrics.accuracy > 0.9 and (params.trainer = 'a'", "Expected ')'")]
    [InlineData("metric.accuracy >> 1", "position 18")]
    [InlineData("weights.w > 1", "Unknown key type 'weights'")]
    [InlineData("metrics.accuracy like '0.9%'", "position 18")]
    [InlineData("params.trainer = LightGbm", "position 18")]
    [InlineData("params.trainer = 'LightGbm' xor 1", "position 29")]
    [InlineData("metrics.accuracy in 0.9", "'(' and a list")]
    [InlineData("attributes.colour = 'red'", "Unknown attribute 'colour'")]
    [InlineData("attributes.status = 'Done'", "attributes.status is one of")]
    [InlineData("params.`open = 'x'", "never closed")]
    public async Task Malformed_filters_are_400_pointing_at_the_position(string filter, string expected)
    {
        var runs = await SeedAsync();

        var response = await _admin.PostAsJsonAsync("/api/v1/runs/search", new { experimentIds = new[] { runs }, filter });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var message = (await response.ProblemAsync()).ErrorFor("filter");
        Assert.Contains(expected, message);
        Assert.Contains("position", message);
    }

    [Fact]
    public async Task Malformed_order_is_400_naming_the_term()
    {
        var runs = await SeedAsync();

        var response = await _admin.PostAsJsonAsync("/api/v1/runs/search", new { experimentIds = new[] { runs }, orderBy = new[] { "metrics.accuracy sideways" } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("asc", (await response.ProblemAsync()).ErrorFor("orderBy[0]"));
    }

    [Fact]
    public async Task Search_needs_an_experiment_and_a_sane_page()
    {
        Assert.Equal(HttpStatusCode.BadRequest, (await _admin.PostAsJsonAsync("/api/v1/runs/search", new { filter = "" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _admin.PostAsJsonAsync("/api/v1/runs/search", new { experimentIds = new[] { "1" }, pageSize = 501 })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _admin.PostAsJsonAsync("/api/v1/runs/search", new { experimentIds = new[] { "abc" } })).StatusCode);
    }

    [Fact]
    public async Task Search_spans_several_experiments_only_when_asked()
    {
        var first = await SeedAsync();
        var second = await SeedAsync();

        Assert.Equal(5, (await _admin.SearchAsync(new { experimentIds = new[] { first } })).Total);
        Assert.Equal(10, (await _admin.SearchAsync(new { experimentIds = new[] { first, second } })).Total);
    }

    private async Task<List<string>> SearchAsync(string experimentId, string filter) =>
        (await _admin.SearchAsync(new { experimentIds = new[] { experimentId }, filter, pageSize = 100 })).Items.Select(r => r.Name).ToList();

    /// <summary>Five runs: trainer, team and accuracy differ so each operator has something to tell apart.</summary>
    private async Task<string> SeedAsync()
    {
        var experiment = await _admin.CreateExperimentAsync();
        (string Name, string Trainer, string Team, double Accuracy)[] runs =
        [
            ("lgbm-a", "LightGbm", "a", 0.95),
            ("tree-b", "FastTree", "b", 0.92),
            ("sdca-a", "Sdca", "a", 0.80),
            ("lgbm-b", "LightGbm", "b", 0.85),
            ("tree-a", "FastTree", "a", 0.97),
        ];
        foreach (var (name, trainer, team, accuracy) in runs)
        {
            var run = await _admin.CreateRunAsync(experiment.Id, new
            {
                name,
                @params = new Dictionary<string, string> { ["trainer"] = trainer },
                tags = new Dictionary<string, string> { ["team"] = team },
            });
            var metrics = new List<object> { new { key = "accuracy", value = accuracy } };
            if (trainer == "Sdca") metrics.Add(new { key = "val loss", value = 0.6 });
            else metrics.Add(new { key = "val loss", value = 0.1 + accuracy / 10 });
            Assert.Equal(HttpStatusCode.OK, (await _admin.LogBatchAsync(run.Id, new { metrics })).StatusCode);
            if (name == "lgbm-b") await _admin.PatchAsJsonAsync($"/api/v1/runs/{run.Id}", new { status = "Finished" });
        }

        return experiment.Id;
    }
}
