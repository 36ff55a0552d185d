using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MlOps.Web.Components.Pages.Experiments;

namespace MlOps.Tests.Web;

public sealed class ExperimentsRunsTableTests(ExperimentsUiFixture fixture) : IClassFixture<ExperimentsUiFixture>
{
    [Fact]
    public async Task Runs_table_shows_the_first_page_from_the_server_with_metric_and_param_columns()
    {
        var (experimentId, _) = await fixture.SeedAsync();
        await using var context = fixture.CreateContext();

        var table = context.Render<RunsTable>(p => p.Add(t => t.ExperimentId, experimentId));

        table.WaitForAssertion(() => Assert.Equal(3, table.FindAll("td[data-run-id]").Count));
        Assert.Equal("3", table.Find("[data-testid=runs-total]").TextContent);
        var headers = table.FindAll("th").Select(h => h.TextContent.Trim()).ToList();
        Assert.Contains("accuracy", headers);
        Assert.Contains("trainer", headers);
        Assert.Contains("0.91", table.Markup);
    }

    [Fact]
    public async Task Filter_box_narrows_the_runs_on_the_server()
    {
        var (experimentId, _) = await fixture.SeedAsync();
        await using var context = fixture.CreateContext();
        var table = context.Render<RunsTable>(p => p.Add(t => t.ExperimentId, experimentId));
        table.WaitForAssertion(() => Assert.Equal(3, table.FindAll("td[data-run-id]").Count));

        table.InputOf("runs-filter").Change("metrics.accuracy > 0.8 and params.trainer in ('LightGbm')");
        table.Find("form").Submit();

        table.WaitForAssertion(() => Assert.Equal(["alpha", "gamma"], table.FindAll("td[data-run-id]").Select(c => c.TextContent.Trim()).Order()));
        Assert.Equal("2", table.Find("[data-testid=runs-total]").TextContent);
    }

    [Fact]
    public async Task A_malformed_filter_shows_an_inline_error_with_its_position()
    {
        var (experimentId, _) = await fixture.SeedAsync();
        await using var context = fixture.CreateContext();
        var table = context.Render<RunsTable>(p => p.Add(t => t.ExperimentId, experimentId));
        table.WaitForAssertion(() => Assert.Equal(3, table.FindAll("td[data-run-id]").Count));

        table.InputOf("runs-filter").Change("metrics.accuracy >");
        table.Find("form").Submit();

        table.WaitForAssertion(() => Assert.Contains("position 19", table.Find(".mud-input-helper-text.mud-input-error").TextContent));
        Assert.Empty(table.FindAll("td[data-run-id]"));
    }

    [Fact]
    public async Task Clicking_a_metric_header_sorts_on_the_server()
    {
        var (experimentId, _) = await fixture.SeedAsync();
        await using var context = fixture.CreateContext();
        var table = context.Render<RunsTable>(p => p.Add(t => t.ExperimentId, experimentId));
        table.WaitForAssertion(() => Assert.Equal(3, table.FindAll("td[data-run-id]").Count));

        table.FindAll("th .mud-table-sort-label").Single(h => h.TextContent.Trim() == "accuracy").Click();

        table.WaitForAssertion(() => Assert.Equal(["beta", "gamma", "alpha"], table.FindAll("td[data-run-id]").Select(c => c.TextContent.Trim())));
    }

    [Fact]
    public async Task Selecting_two_runs_enables_compare_and_opens_it()
    {
        var (experimentId, runs) = await fixture.SeedAsync();
        await using var context = fixture.CreateContext();
        var table = context.Render<RunsTable>(p => p.Add(t => t.ExperimentId, experimentId));
        table.WaitForAssertion(() => Assert.Equal(3, table.FindAll("td[data-run-id]").Count));
        Assert.True(table.Find("[data-testid=compare-runs]").HasAttribute("disabled"));

        table.InputOf($"select-{runs[0].Id}").Change(true);
        table.InputOf($"select-{runs[2].Id}").Change(true);
        table.WaitForAssertion(() => Assert.False(table.Find("[data-testid=compare-runs]").HasAttribute("disabled")));
        table.Find("[data-testid=compare-runs]").Click();

        var navigation = context.Services.GetRequiredService<NavigationManager>();
        table.WaitForAssertion(() => Assert.EndsWith($"experiments/{experimentId}/compare?runs={runs[0].Id},{runs[2].Id}", navigation.Uri));
    }
}
