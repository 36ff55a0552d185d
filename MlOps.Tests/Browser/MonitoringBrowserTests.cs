using Microsoft.Playwright;
using MlOps.Modules.Monitoring.Contracts;
using MlOps.Tests.Monitoring;
using MlOps.Tests.Pipeline;
using static MlOps.Tests.Monitoring.MonitoringApi;

namespace MlOps.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class MonitoringBrowserTests(BrowserAppFixture app)
{
    private const string Model = "browser-species";

    [BrowserFact]
    public async Task After_a_burst_of_predictions_the_monitoring_page_charts_requests_and_lists_drift_with_histograms()
    {
        using var admin = app.App.CreateAdminClient();
        await PipelineApi.UploadAsync(admin, "browser-penguins", "penguins.csv");
        await TrainedModels.TrainAsync(admin, Model, TrainedModels.SpeciesPipeline(Model, "browser-penguins"));
        await PromoteAsync(app.App, admin, Model, 1);
        for (var i = 0; i < 20; i++) await PredictOkAsync(admin, Model, $"burst-{i}", "", Adelie, Gentoo, Adelie);
        await WaitForAsync<MonitoringSummary>(admin, $"/api/v1/monitoring/models/{Model}/summary", s => s.Requests == 20);

        var page = await app.SignedInPageAsync();
        await page.GotoAsync($"/monitoring/{Model}");
        await BrowserAppFixture.WaitForInteractivityAsync(page);

        await Assertions.Expect(page.GetByTestId("summary-requests")).ToHaveTextAsync("20");
        var requests = page.Locator("[data-testid=requests-chart] svg path.mud-chart-line").First;
        await Assertions.Expect(requests).ToBeVisibleAsync();
        Assert.True(Heights(await requests.GetAttributeAsync("d")).Distinct().Count() > 1, "The requests line is flat.");
        var rows = page.Locator("[data-testid=drift-table] tr[data-testid^=drift-row-]");
        await Assertions.Expect(rows).ToHaveCountAsync(5, new() { Timeout = 30_000 });
        await Assertions.Expect(page.GetByTestId("drift-row-Island")).ToContainTextAsync("Chi-squared");

        await page.GetByTestId("drift-expand-Island").ClickAsync();

        var histogram = page.GetByTestId("drift-histogram-Island");
        await Assertions.Expect(histogram.Locator("svg")).ToBeVisibleAsync();
        await Assertions.Expect(histogram).ToContainTextAsync("Torgersen");
        await Assertions.Expect(histogram.Locator("svg .mud-chart-bar")).ToHaveCountAsync(6);
    }

    /// <summary>The y of every point of an SVG path of straight segments (<c>M x y L x y …</c>).</summary>
    private static IEnumerable<string> Heights(string? path) =>
        (path ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(token => token is not ("M" or "L")).Where((_, i) => i % 2 == 1);
}
