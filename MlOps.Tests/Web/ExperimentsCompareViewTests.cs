using Bunit;
using MlOps.Web.Components.Pages.Experiments;

namespace MlOps.Tests.Web;

public sealed class ExperimentsCompareViewTests(ExperimentsUiFixture fixture) : IClassFixture<ExperimentsUiFixture>
{
    [Fact]
    public async Task Compare_highlights_only_the_rows_that_differ()
    {
        var (_, runs) = await fixture.SeedAsync();
        await using var context = fixture.CreateContext();

        var view = context.Render<CompareView>(p => p.Add(c => c.RunIds, [runs[0].Id, runs[1].Id]));

        view.WaitForAssertion(() => Assert.NotEmpty(view.FindAll("[data-testid=compare-table] tbody tr")));
        Assert.Equal(["alpha", "beta"], view.FindAll("[data-testid=compare-table] thead th a").Select(a => a.TextContent.Trim()));
        var trainer = view.Find("[data-testid=compare-row-params-trainer]");
        var seed = view.Find("[data-testid=compare-row-params-seed]");
        Assert.Contains("mlops-diff", trainer.ClassName);
        Assert.Equal(["LightGbm", "FastTree"], trainer.QuerySelectorAll("td").Skip(1).Select(td => td.TextContent));
        Assert.DoesNotContain("mlops-diff", seed.ClassName ?? "");
        Assert.Contains("mlops-diff", view.Find("[data-testid=compare-row-metrics-accuracy]").ClassName);
    }

    [Fact]
    public async Task Only_differences_hides_identical_rows()
    {
        var (_, runs) = await fixture.SeedAsync();
        await using var context = fixture.CreateContext();
        var view = context.Render<CompareView>(p => p.Add(c => c.RunIds, [runs[0].Id, runs[1].Id]));
        view.WaitForAssertion(() => Assert.NotEmpty(view.FindAll("[data-testid=compare-row-params-seed]")));

        view.InputOf("only-differences").Change(true);

        view.WaitForAssertion(() => Assert.Empty(view.FindAll("[data-testid=compare-row-params-seed]")));
        Assert.NotEmpty(view.FindAll("[data-testid=compare-row-params-trainer]"));
    }

    [Fact]
    public async Task Compare_overlays_one_line_per_run_in_each_metric_chart()
    {
        var (_, runs) = await fixture.SeedAsync();
        await using var context = fixture.CreateContext();

        var view = context.Render<CompareView>(p => p.Add(c => c.RunIds, runs.Select(r => r.Id).ToList()));

        view.WaitForAssertion(() => Assert.NotEmpty(view.FindAll("[data-testid=metric-chart-accuracy]")));
        var chart = view.Find("[data-testid=metric-chart-accuracy]");
        Assert.Equal(3, chart.QuerySelectorAll("path.mud-chart-serie, path[class*=mud-chart-serie]").Length);
        Assert.NotEmpty(view.FindAll("[data-testid=metric-chart-loss]"));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(11)]
    public async Task Compare_needs_two_to_ten_runs(int count)
    {
        var (_, runs) = await fixture.SeedAsync();
        await using var context = fixture.CreateContext();

        var view = context.Render<CompareView>(p => p.Add(c => c.RunIds, Enumerable.Range(0, count).Select(i => i < runs.Count ? runs[i].Id : $"{900000 + i}").ToList()));

        Assert.Contains("between 2 and 10", view.Find("[data-testid=compare-error]").TextContent);
    }
}
