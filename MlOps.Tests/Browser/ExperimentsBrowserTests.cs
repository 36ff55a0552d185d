using System.Net.Http.Json;
using Microsoft.Playwright;
using MlOps.Tests.Experiments;

namespace MlOps.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class ExperimentsBrowserTests(BrowserAppFixture app)
{
    [BrowserFact]
    public async Task Filtering_runs_and_opening_one_shows_its_metric_chart()
    {
        using var admin = app.App.CreateAdminClient();
        var experiment = await admin.CreateExperimentAsync();
        foreach (var (name, accuracy) in new[] { ("alpha", 0.93), ("beta", 0.61), ("gamma", 0.88) })
        {
            var run = await admin.CreateRunAsync(experiment.Id, new { name, @params = new Dictionary<string, string> { ["trainer"] = "LightGbm" } });
            var logged = await admin.PostAsJsonAsync($"/api/v1/runs/{run.Id}/log-batch",
                new { metrics = Enumerable.Range(0, 20).Select(step => new { key = "accuracy", value = accuracy * (step + 1) / 20, step }) });
            logged.EnsureSuccessStatusCode();
        }

        var page = await app.SignedInPageAsync();
        await page.GotoAsync($"/experiments/{experiment.Id}");
        await BrowserAppFixture.WaitForInteractivityAsync(page);
        var rows = page.Locator("[data-testid=runs-table] td[data-run-id]");
        await Assertions.Expect(rows).ToHaveCountAsync(3);

        var filter = page.Locator("input[data-testid=runs-filter], [data-testid=runs-filter] input").First;
        await filter.FillAsync("metrics.accuracy > 0.8 and params.trainer = 'LightGbm'");
        await filter.PressAsync("Enter");

        await Assertions.Expect(rows).ToHaveCountAsync(2);
        await Assertions.Expect(page.GetByTestId("runs-total")).ToHaveTextAsync("2");
        await page.GetByRole(AriaRole.Link, new() { Name = "alpha" }).ClickAsync();

        await page.WaitForURLAsync("**/runs/*");
        await Assertions.Expect(page.GetByTestId("run-name")).ToHaveTextAsync("alpha");
        var chart = page.GetByTestId("metric-chart-accuracy");
        await Assertions.Expect(chart.Locator("svg path.mud-chart-serie, svg path[class*=mud-chart-serie]").First).ToBeVisibleAsync();
    }

    [BrowserFact]
    public async Task A_metric_logged_once_is_drawn_as_a_point_with_its_value_on_the_run_and_compare_pages()
    {
        using var admin = app.App.CreateAdminClient();
        var experiment = await admin.CreateExperimentAsync();
        var runs = new List<string>();
        foreach (var (name, accuracy) in new[] { ("once-a", 0.9312), ("once-b", 0.8475) })
        {
            var run = await admin.CreateRunAsync(experiment.Id, new { name });
            var logged = await admin.PostAsJsonAsync($"/api/v1/runs/{run.Id}/log-batch", new { metrics = new[] { new { key = "accuracy", value = accuracy, step = 0 } } });
            logged.EnsureSuccessStatusCode();
            runs.Add(run.Id);
        }

        var page = await app.SignedInPageAsync();
        await page.GotoAsync($"/runs/{runs[0]}");
        await BrowserAppFixture.WaitForInteractivityAsync(page);

        var chart = page.GetByTestId("metric-chart-accuracy");
        await Assertions.Expect(chart.GetByTestId("chart-point")).ToHaveCountAsync(1);
        await Assertions.Expect(chart.GetByTestId("chart-point")).ToBeVisibleAsync();
        await Assertions.Expect(chart.GetByTestId("chart-point-value")).ToHaveTextAsync("0.9312");

        await page.GotoAsync($"/experiments/{experiment.Id}/compare?runs={string.Join(',', runs)}");
        await BrowserAppFixture.WaitForInteractivityAsync(page);
        var compared = page.GetByTestId("metric-chart-accuracy");
        await Assertions.Expect(compared.GetByTestId("chart-point-value")).ToHaveTextAsync(["0.9312", "0.8475"]);
    }

    [BrowserFact]
    public async Task A_malformed_filter_shows_where_it_went_wrong()
    {
        using var admin = app.App.CreateAdminClient();
        var experiment = await admin.CreateExperimentAsync();
        await admin.CreateRunAsync(experiment.Id, new { name = "only" });

        var page = await app.SignedInPageAsync();
        await page.GotoAsync($"/experiments/{experiment.Id}");
        await BrowserAppFixture.WaitForInteractivityAsync(page);
        await Assertions.Expect(page.Locator("td[data-run-id]")).ToHaveCountAsync(1);
        var filter = page.Locator("input[data-testid=runs-filter], [data-testid=runs-filter] input").First;
        await filter.FillAsync("metrics.accuracy >> 1");
        await filter.PressAsync("Enter");

        await Assertions.Expect(page.Locator(".mud-input-helper-text.mud-input-error")).ToContainTextAsync("position 19");
    }
}
