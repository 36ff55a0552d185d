using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MlOps.Tests.Support;

namespace MlOps.Tests.Browser;

/// <summary>The app on a real Kestrel port, driven by Debian's Chromium.</summary>
public sealed class DatasetBrowserTests : IAsyncLifetime
{
    private readonly MlOpsFactory _factory = new();
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;
    private string _baseUrl = "";

    public async Task InitializeAsync()
    {
        _factory.UseKestrel(0);
        _factory.StartServer();
        _baseUrl = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        });
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        await _factory.DisposeAsync();
    }

    [Fact]
    public async Task Uploading_a_csv_in_the_browser_opens_its_dataset_page_with_schema_and_histograms()
    {
        var page = await _browser.NewPageAsync(new BrowserNewPageOptions { BaseURL = _baseUrl });
        await page.GotoAsync("/login");
        await page.FillAsync("#email", MlOpsFactory.AdminEmail);
        await page.FillAsync("#password", MlOpsFactory.AdminPassword);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForSelectorAsync("[data-testid=welcome]");

        await page.GotoAsync("/datasets");
        await BrowserAppFixture.WaitForInteractivityAsync(page);
        await page.WaitForSelectorAsync("[data-testid=no-datasets]");
        await page.SetInputFilesAsync("[data-testid=dataset-upload] input[type=file]", Path.Combine(AppContext.BaseDirectory, "TestData", "penguins.csv"));
        await Assertions.Expect(page.Locator("[data-testid=chosen-file]")).ToContainTextAsync("penguins.csv");
        await Assertions.Expect(page.Locator("input[data-testid=dataset-name]")).ToHaveValueAsync("penguins");
        await page.ClickAsync("[data-testid=upload-dataset]");

        await page.WaitForURLAsync("**/datasets/penguins/versions/1");
        await Assertions.Expect(page.Locator("[data-testid=schema-row]")).ToHaveCountAsync(7);
        await Assertions.Expect(page.Locator("[data-testid='histogram-Body Mass (g)'] svg")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=preview-table] tbody tr")).ToHaveCountAsync(20);
    }

    [Fact]
    public async Task A_rejected_upload_shows_its_reason_in_the_browser()
    {
        var page = await _browser.NewPageAsync(new BrowserNewPageOptions { BaseURL = _baseUrl });
        await page.GotoAsync("/login");
        await page.FillAsync("#email", MlOpsFactory.AdminEmail);
        await page.FillAsync("#password", MlOpsFactory.AdminPassword);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForSelectorAsync("[data-testid=welcome]");
        var ragged = Path.Combine(_factory.DataDirectory, "ragged.csv");
        await File.WriteAllTextAsync(ragged, "a,b\n1,2\n3\n");

        await page.GotoAsync("/datasets");
        await BrowserAppFixture.WaitForInteractivityAsync(page);
        await page.SetInputFilesAsync("[data-testid=dataset-upload] input[type=file]", ragged);
        await page.ClickAsync("[data-testid=upload-dataset]");

        await Assertions.Expect(page.Locator("[data-testid=upload-error]")).ToContainTextAsync("Line 3 has 1 field but the header names 2 columns");
    }
}
