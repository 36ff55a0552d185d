using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MlOps.Modules.Experiments.Contracts;
using MlOps.Modules.Pipeline.Contracts;
using MlOps.Modules.Platform.Contracts;
using MlOps.Tests.Browser;
using MlOps.Tests.Support;

namespace MlOps.Tests.Docs;

/// <summary>
/// Photographs the main pages at 1400×900 after the first hour (samples trained, penguins in production, some traffic)
/// into artifacts/screenshots, for a person to look at; each page must show its content first.
/// </summary>
[Collection(FirstHourCollection.Name)]
public sealed class MainPagesScreenshotTests(TrainedSamplesApp samples)
{
    private const string Model = "penguins-species";

    [BrowserFact]
    public async Task The_main_pages_are_photographed_at_1400_by_900_once_their_content_is_on_screen()
    {
        var folder = Path.Combine(ReadmeBlocksTests.RepositoryRoot(), "artifacts", "screenshots");
        Directory.CreateDirectory(folder);
        var pipelineRun = (await samples.App.Services.GetRequiredService<IPipelineService>().ListRunsAsync(Model, new PageRequest(1, 1), CancellationToken.None)).Items.Single();
        var best = (await samples.App.Services.GetRequiredService<IExperimentCatalog>().GetRunAsync(pipelineRun.BestRunId!, CancellationToken.None))!;
        await SendTrafficAsync();

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = samples.BaseUrl, ViewportSize = new ViewportSize { Width = 1400, Height = 900 } });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        await BrowserAppFixture.SignInAsync(page, MlOpsFactory.AdminEmail, MlOpsFactory.AdminPassword);
        await page.WaitForURLAsync($"{samples.BaseUrl}/");

        var shots = new (string Name, string Path, string Shown)[]
        {
            ("dashboard", "/", "[data-testid=dashboard-request-production]"),
            ("run", $"/runs/{best.Id}", "[data-testid=run-params]"),
            ("compare", $"/experiments/{best.ExperimentId}/compare?runs={string.Join(',', pipelineRun.Trials.Select(t => t.RunId))}", "[data-testid^=metric-chart-]"),
            ("pipeline-run", $"/pipeline-runs/{pipelineRun.Id}", "[data-testid=trials-chart]"),
            ("batch-jobs", "/batch-jobs", "[data-testid=one-off-job]"),
            ("model", $"/models/{Model}", "[data-testid=model-aliases]"),
            ("monitoring", $"/monitoring/{Model}", "[data-testid=traffic-summary]"),
            ("audit", "/admin/audit", "[data-testid=audit-entity]"),
        };
        foreach (var (name, path, shown) in shots)
        {
            await page.GotoAsync(path);
            await BrowserAppFixture.WaitForInteractivityAsync(page);
            await page.Locator(shown).First.WaitForAsync();
            await page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"{name}.png"), FullPage = true });
        }

        await page.GotoAsync("/predict");
        await BrowserAppFixture.WaitForInteractivityAsync(page);
        await page.Locator(".mud-select").First.ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = Model }).First.ClickAsync();
        await page.GetByTestId("predict-button").ClickAsync();
        await page.GetByTestId("probability-chart").WaitForAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, "predict.png"), FullPage = true });

        Assert.All(shots.Select(s => s.Name).Append("predict"), name => Assert.True(new FileInfo(Path.Combine(folder, $"{name}.png")).Length > 10_000, name));
    }

    private async Task SendTrafficAsync()
    {
        using var client = samples.App.CreateAdminClient();
        var lines = await File.ReadAllLinesAsync(Path.Combine(ReadmeBlocksTests.RepositoryRoot(), "MlOps.Modules", "Pipeline", "Samples", "penguins.csv"));
        var content = new StringContent(string.Join('\n', lines.Take(60)), System.Text.Encoding.UTF8, "text/csv");
        var answered = await client.PostAsync($"/api/v1/models/{Model}/predict", content);
        Assert.True(answered.IsSuccessStatusCode, await answered.Content.ReadAsStringAsync());
        var refused = await client.PostAsJsonAsync($"/api/v1/models/{Model}/predict", new { records = new[] { new { Island = "Atlantis" } } });
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, refused.StatusCode);
    }
}
