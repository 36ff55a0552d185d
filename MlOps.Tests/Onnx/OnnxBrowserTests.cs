using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MlOps.Modules.Platform.Contracts;
using MlOps.Tests.Browser;
using MlOps.Tests.Serving;

namespace MlOps.Tests.Onnx;

/// <summary>The ONNX models on a real port, an Analyst in Debian's Chromium.</summary>
public sealed class OnnxBrowserFixture : IAsyncLifetime
{
    private const string AnalystEmail = "onnx-analyst@mlops.test";
    private const string AnalystPassword = "Analyst-Pass-123!";
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private string _baseUrl = "";

    public OnnxFixture Onnx { get; } = new(kestrel: true);

    public async Task InitializeAsync()
    {
        await Onnx.InitializeAsync();
        _baseUrl = Onnx.Factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        var created = await Onnx.Admin.PostAsJsonAsync("/api/v1/admin/users", new { email = AnalystEmail, password = AnalystPassword, role = Roles.Analyst });
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        if (!File.Exists(BrowserFactAttribute.ChromiumPath)) return;
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = BrowserFactAttribute.ChromiumPath,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        });
    }

    public async Task<IPage> AnalystOnPredictPageAsync()
    {
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions { BaseURL = _baseUrl });
        context.SetDefaultTimeout(20_000);
        Assertions.SetDefaultExpectTimeout(20_000);
        var page = await context.NewPageAsync();
        await BrowserAppFixture.SignInAsync(page, AnalystEmail, AnalystPassword);
        await page.WaitForURLAsync($"{_baseUrl}/");
        await page.GotoAsync("/predict");
        await BrowserAppFixture.WaitForInteractivityAsync(page);
        return page;
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null) await _browser.CloseAsync();
        _playwright?.Dispose();
        await Onnx.DisposeAsync();
    }
}

public sealed class OnnxBrowserTests(OnnxBrowserFixture fixture) : IClassFixture<OnnxBrowserFixture>
{
    [BrowserFact]
    public async Task An_analyst_drops_a_digit_on_the_onnx_cnn_and_sees_its_class()
    {
        var page = await fixture.AnalystOnPredictPageAsync();
        await PredictBrowserTests.ChooseModelAsync(page, OnnxFixture.Digits, scoresImages: true);

        var chooser = await page.RunAndWaitForFileChooserAsync(() => page.GetByTestId("image-drop-zone").ClickAsync());
        await chooser.SetFilesAsync(OnnxFixture.FixturePath("digits/digit-3.png"));

        await Assertions.Expect(page.Locator("[data-testid=prediction-label]")).ToHaveTextAsync("3");
        await Assertions.Expect(page.Locator("img[data-testid=image-preview]")).ToBeVisibleAsync();
    }

    [BrowserFact]
    public async Task An_analyst_fills_the_form_the_iris_signature_draws_and_sees_a_species()
    {
        var page = await fixture.AnalystOnPredictPageAsync();
        await PredictBrowserTests.ChooseModelAsync(page, OnnxFixture.Iris);
        foreach (var (column, value) in new[] { ("sepal_length", "6.3"), ("sepal_width", "3.3"), ("petal_length", "6.0"), ("petal_width", "2.5") })
            await page.Locator($"input[data-testid='input-{column}']").FillAsync(value);
        await page.Locator("input[data-testid='input-petal_width']").PressAsync("Tab");

        await page.ClickAsync("[data-testid=predict-button]");

        await Assertions.Expect(page.Locator("[data-testid=prediction-label]")).ToHaveTextAsync("virginica");
    }
}
