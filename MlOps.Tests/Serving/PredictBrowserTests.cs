using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MlOps.Modules.Platform.Contracts;
using MlOps.Tests.Browser;
using MlOps.Tests.Pipeline;

namespace MlOps.Tests.Serving;

/// <summary>Trained models on a real port, an Analyst in Debian's Chromium.</summary>
public sealed class PredictBrowserFixture : IAsyncLifetime
{
    public const string AnalystEmail = "analyst@mlops.test";
    public const string AnalystPassword = "Analyst-Pass-123!";
    public const string DigitsResNet18 = "digits-resnet18";
    private IPlaywright? _playwright;

    public ServingFixture Serving { get; } = new(kestrel: true);

    public IBrowser Browser { get; private set; } = null!;

    public string BaseUrl { get; private set; } = "";

    public async Task InitializeAsync()
    {
        await Serving.InitializeAsync();
        var run = await PipelineApi.RunToEndAsync(Serving.Admin, new
        {
            name = DigitsResNet18, dataset = "mnist", task = "ImageClassification", label = "Label",
            trainers = new[] { "ResNet18Features" }, search = new { strategy = "Grid", maxTrials = 1 }, validation = new { testFraction = 0.3 }, registerModel = DigitsResNet18,
        }, DigitsResNet18);
        Assert.True(run.Status == MlOps.Modules.Pipeline.Contracts.PipelineRunStatus.Succeeded, run.Error);
        await Serving.PromoteAsync(DigitsResNet18, 1);
        BaseUrl = Serving.Factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        var created = await Serving.Admin.PostAsJsonAsync("/api/v1/admin/users", new { email = AnalystEmail, password = AnalystPassword, role = Roles.Analyst });
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        if (!File.Exists(BrowserFactAttribute.ChromiumPath)) return;
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = BrowserFactAttribute.ChromiumPath,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        });
    }

    public async Task<IPage> AnalystOnPredictPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseUrl, AcceptDownloads = true });
        context.SetDefaultTimeout(20_000);
        Assertions.SetDefaultExpectTimeout(20_000);
        var page = await context.NewPageAsync();
        await BrowserAppFixture.SignInAsync(page, AnalystEmail, AnalystPassword);
        await page.WaitForURLAsync($"{BaseUrl}/");
        await page.GotoAsync("/predict");
        await BrowserAppFixture.WaitForInteractivityAsync(page);
        return page;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        _playwright?.Dispose();
        await Serving.DisposeAsync();
    }
}

public sealed class PredictBrowserTests(PredictBrowserFixture fixture) : IClassFixture<PredictBrowserFixture>
{
    [BrowserFact]
    public async Task An_analyst_fills_the_form_and_sees_a_prediction()
    {
        var page = await fixture.AnalystOnPredictPageAsync();
        await ChooseModelAsync(page, ServingFixture.Species);

        await page.Locator("input[data-testid='input-Beak Length (mm)']").FillAsync("47.6");
        await page.Locator("input[data-testid='input-Flipper Length (mm)']").FillAsync("215");
        await page.Locator("input[data-testid='input-Body Mass (g)']").FillAsync("5400");
        await page.Locator("input[data-testid='input-Beak Depth (mm)']").FillAsync("14.5");
        await page.Locator("input[data-testid='input-Beak Depth (mm)']").PressAsync("Tab");
        await page.ClickAsync("[data-testid=predict-button]");

        await Assertions.Expect(page.Locator("[data-testid=prediction-label]")).ToHaveTextAsync("Gentoo");
        await Assertions.Expect(page.Locator("[data-testid=probability-row]").First).ToHaveAttributeAsync("data-class", "Gentoo");
        await Assertions.Expect(page.Locator("[data-testid=probability-row]")).ToHaveCountAsync(3);
    }

    [BrowserFact]
    public async Task Each_class_probability_is_a_labelled_bar_on_a_zero_to_hundred_percent_track()
    {
        var page = await fixture.AnalystOnPredictPageAsync();
        await ChooseModelAsync(page, ServingFixture.Species);

        await page.ClickAsync("[data-testid=predict-button]");

        var rows = page.Locator("[data-testid=probability-row]");
        await Assertions.Expect(rows).ToHaveCountAsync(3);
        await Assertions.Expect(page.GetByTestId("probability-chart")).ToContainTextAsync("0 %");
        await Assertions.Expect(page.GetByTestId("probability-chart")).ToContainTextAsync("100 %");
        for (var i = 0; i < 3; i++)
        {
            var row = rows.Nth(i);
            var shown = double.Parse((await row.Locator(".probability-value").InnerTextAsync()).TrimEnd('%', ' '), System.Globalization.CultureInfo.InvariantCulture) / 100;
            var track = (await row.GetByTestId("probability-track").BoundingBoxAsync())!;
            var bar = (await row.GetByTestId("probability-bar").BoundingBoxAsync())!;
            // The bar's share of the track is the probability written beside it (a 1-pixel floor keeps tiny ones visible).
            Assert.InRange(bar.Width / track.Width, shown - 0.01, shown + 0.01 + 1 / track.Width);
            Assert.NotEmpty(await row.Locator(".probability-label").InnerTextAsync());
        }
    }

    [BrowserFact]
    public async Task An_analyst_uploads_a_csv_and_downloads_the_predictions()
    {
        var page = await fixture.AnalystOnPredictPageAsync();
        await ChooseModelAsync(page, ServingFixture.Species);
        await page.GetByRole(AriaRole.Tab, new() { Name = "CSV file" }).ClickAsync();

        await ChooseFileAsync(page, Path.Combine(AppContext.BaseDirectory, "TestData", "penguins.csv"), "csv-count");

        await Assertions.Expect(page.Locator("[data-testid=csv-count]")).ToContainTextAsync("rows scored by version 1");
        await Assertions.Expect(page.Locator("[data-testid=csv-results] tbody tr")).ToHaveCountAsync(10);
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("[data-testid=csv-download]"));
        var lines = await File.ReadAllLinesAsync(await download.PathAsync());
        Assert.EndsWith("prediction,probability_Adelie,probability_Chinstrap,probability_Gentoo", lines[0]);
        Assert.True(lines.Length > 300);
        Assert.Contains(",Adelie,", lines[1]);
    }

    [BrowserFact]
    public async Task An_analyst_drops_a_digit_and_sees_it_with_its_probability_bar()
    {
        var digit = Path.Combine(fixture.Serving.Factory.DataDirectory, "digit.png");
        var entry = PredictionApiTests.FirstDigitEntry();
        await File.WriteAllBytesAsync(digit, DatasetApi.MnistImage(entry));
        var page = await fixture.AnalystOnPredictPageAsync();
        await ChooseModelAsync(page, ServingFixture.Digits, scoresImages: true);

        // As a person does it: a click on the drop zone opens the file chooser.
        var chooser = await page.RunAndWaitForFileChooserAsync(() => page.GetByTestId("image-drop-zone").ClickAsync());
        await chooser.SetFilesAsync(digit);

        var served = await fixture.Serving.Admin.PostAsync($"/api/v1/models/{ServingFixture.Digits}/predict", PredictionApiTests.ImageForm(DatasetApi.MnistImage(entry), "digit.png"));
        var label = (await served.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("predictions")[0].GetProperty("label").GetString()!;
        await Assertions.Expect(page.Locator("[data-testid=prediction-label]")).ToHaveTextAsync(label);
        await Assertions.Expect(page.Locator("img[data-testid=image-preview]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=prediction-probability]")).ToContainTextAsync("%");
        await Assertions.Expect(page.Locator("[data-testid=probability-row]").First).ToHaveAttributeAsync("data-class", label);
        await Assertions.Expect(page.Locator("[data-testid=probability-row]")).ToHaveCountAsync(5);
    }

    [BrowserFact]
    public async Task An_analyst_drops_a_digit_on_a_ResNet18Features_model_and_sees_its_class()
    {
        var entry = PredictionApiTests.FirstDigitEntry();
        var digit = Path.Combine(fixture.Serving.Factory.DataDirectory, "resnet-digit.png");
        await File.WriteAllBytesAsync(digit, DatasetApi.MnistImage(entry));
        var page = await fixture.AnalystOnPredictPageAsync();
        await ChooseModelAsync(page, PredictBrowserFixture.DigitsResNet18, scoresImages: true);

        var chooser = await page.RunAndWaitForFileChooserAsync(() => page.GetByTestId("image-drop-zone").ClickAsync());
        await chooser.SetFilesAsync(digit);

        // The picture is one the model was fitted on (its folder names its class): the page shows that class on top.
        var digitClass = entry.Split('/')[0];
        await Assertions.Expect(page.Locator("[data-testid=prediction-label]")).ToHaveTextAsync(digitClass);
        await Assertions.Expect(page.Locator("[data-testid=probability-row]").First).ToHaveAttributeAsync("data-class", digitClass);
        await Assertions.Expect(page.Locator("[data-testid=probability-row]")).ToHaveCountAsync(5);
    }

    [BrowserFact]
    public async Task An_analyst_queues_a_one_off_batch_job_from_the_form_and_it_scores_the_dataset()
    {
        var page = await fixture.AnalystOnPredictPageAsync();
        await page.GotoAsync("/batch-jobs");
        await BrowserAppFixture.WaitForInteractivityAsync(page);
        var form = page.GetByTestId("one-off-job");

        await PickAsync(page, form.GetByTestId("job-model"), ServingFixture.Species);
        await Assertions.Expect(form.GetByTestId("job-version")).ToContainTextAsync(new System.Text.RegularExpressions.Regex("^(alias|version) "));
        await PickAsync(page, form.GetByTestId("job-dataset"), "penguins");
        await form.GetByTestId("queue-job").ClickAsync();

        var row = page.GetByTestId("batch-jobs-table").Locator("tr", new() { HasText = "dataset penguins v1" }).First;
        await Assertions.Expect(row).ToContainTextAsync(ServingFixture.Species, new() { Timeout = 60_000 });
        await Assertions.Expect(row).ToContainTextAsync("Succeeded", new() { Timeout = 120_000 });
        await Assertions.Expect(row).ToContainTextAsync("344 rows");
    }

    private static async Task PickAsync(IPage page, ILocator select, string item)
    {
        await select.ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = item }).First.ClickAsync();
        await Assertions.Expect(select).ToContainTextAsync(item);
    }

    /// <summary>
    /// Sets the upload's file and waits for the page to show <paramref name="shown"/>. A file set while the chosen model's
    /// form is still settling can be lost, so it is set again (at most five times) until the page takes it (it shows it is
    /// busy, the answer or an error); from then on the page is left to finish, however long a busy machine takes.
    /// </summary>
    private static async Task ChooseFileAsync(IPage page, string file, string shown)
    {
        var taken = page.Locator($"[data-testid=predict-busy], [data-testid={shown}], [data-testid=predict-error]");
        for (var attempt = 1; ; attempt++)
        {
            await page.SetInputFilesAsync("input[type=file]", file);
            try
            {
                await taken.First.WaitForAsync(new() { Timeout = 10_000 });
                break;
            }
            catch (TimeoutException) when (attempt < 5)
            {
            }
        }

        await page.Locator($"[data-testid={shown}], [data-testid=predict-error]").First.WaitForAsync(new() { Timeout = 60_000 });
        var error = page.GetByTestId("predict-error");
        if (await error.CountAsync() > 0) Assert.Fail($"The page refused {Path.GetFileName(file)}: {await error.InnerTextAsync()}");
    }

    /// <summary>Picks the model and waits for its form: the records form for a tabular model, the drop zone for an image model.</summary>
    internal static async Task ChooseModelAsync(IPage page, string model, bool scoresImages = false)
    {
        await page.Locator(".mud-select").First.ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = model }).First.ClickAsync();
        var form = scoresImages ? "image-drop-zone" : "predict-button";
        await Assertions.Expect(page.GetByTestId(form)).ToBeVisibleAsync();
    }
}
