using Microsoft.Playwright;

namespace MlOps.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class PipelineBrowserTests(BrowserAppFixture app)
{
    [BrowserFact]
    public async Task A_csv_uploaded_then_a_pipeline_defined_and_run_in_the_browser_ends_in_a_registered_model()
    {
        var page = await app.SignedInPageAsync();
        await page.GotoAsync("/datasets");
        await BrowserAppFixture.WaitForInteractivityAsync(page);
        await page.SetInputFilesAsync("[data-testid=dataset-upload] input[type=file]", Path.Combine(AppContext.BaseDirectory, "TestData", "penguins.csv"));
        await Assertions.Expect(page.Locator("input[data-testid=dataset-name]")).ToHaveValueAsync("penguins");
        await page.GetByTestId("upload-dataset").ClickAsync();
        await page.WaitForURLAsync("**/datasets/penguins/versions/1");

        await page.GotoAsync("/pipelines");
        await BrowserAppFixture.WaitForInteractivityAsync(page);
        await page.GetByTestId("new-pipeline").ClickAsync();
        await page.WaitForURLAsync("**/pipelines/new");
        await BrowserAppFixture.WaitForInteractivityAsync(page);
        await page.Locator("input[data-testid=pipeline-name]").FillAsync("penguin-species-ui");
        await ChooseAsync(page, "field-dataset", "penguins (Tabular)");
        await ChooseAsync(page, "field-label", "Species (Categorical)");
        await page.Locator("[data-testid=field-trainers] label:has-text('LightGbm')").First.ClickAsync();
        await page.Locator("input[data-testid=max-trials]").FillAsync("1");
        await page.Locator("input[data-testid=register-model]").FillAsync("penguin-species-ui");
        await page.Locator("input[data-testid=register-model]").PressAsync("Tab");
        await page.GetByTestId("save-pipeline").ClickAsync();

        await page.WaitForURLAsync("**/pipelines/penguin-species-ui");
        await BrowserAppFixture.WaitForInteractivityAsync(page);
        await page.GetByTestId("run-pipeline").ClickAsync();
        await page.WaitForURLAsync("**/pipeline-runs/*");
        await Assertions.Expect(page.GetByTestId("run-status")).ToContainTextAsync("Succeeded", new() { Timeout = 60_000 });
        await Assertions.Expect(page.GetByTestId("run-progress")).ToHaveAttributeAsync("data-progress", "100");
        await Assertions.Expect(page.Locator("[data-testid=trials-table] tbody tr")).ToHaveCountAsync(1);

        await page.GetByTestId("model-link").ClickAsync();
        await page.WaitForURLAsync("**/models/penguin-species-ui");
    }

    private static async Task ChooseAsync(IPage page, string field, string item)
    {
        await page.Locator($"[data-testid={field}] .mud-input-control.mud-select").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = item }).ClickAsync();
    }
}
