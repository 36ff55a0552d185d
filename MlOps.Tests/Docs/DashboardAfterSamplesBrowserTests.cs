using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MlOps.Tests.Browser;
using MlOps.Tests.Support;

namespace MlOps.Tests.Docs;

/// <summary>A fresh install: the first Admin imports the samples from the dashboard and is told what to do next.</summary>
[Collection(FirstHourCollection.Name)]
public sealed class DashboardAfterSamplesBrowserTests
{
    [BrowserFact]
    public async Task After_importing_samples_the_dashboard_follows_the_training_then_asks_for_production()
    {
        await using var app = new MlOpsFactory();
        app.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        app.StartServer();
        var baseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        await BrowserAppFixture.SignInAsync(page, MlOpsFactory.AdminEmail, MlOpsFactory.AdminPassword);
        await page.WaitForURLAsync($"{baseUrl}/");
        await BrowserAppFixture.WaitForInteractivityAsync(page);

        await page.GetByTestId("dashboard-import-samples").ClickAsync();

        var training = page.GetByTestId("dashboard-training");
        // mnist-digits is queued last and trains longest, so it is still on the list however fast the others are.
        var digits = training.GetByTestId("training-run").Filter(new() { HasText = "mnist-digits" });
        await Assertions.Expect(digits).ToContainTextAsync("%");
        await Assertions.Expect(digits.GetByTestId("training-progress")).ToBeVisibleAsync();

        // Training the four samples takes two or three minutes on a quiet machine (featurising the 3,000 digits with
        // ResNet-18 is most of it), many more on a busy one.
        var done = page.GetByTestId("dashboard-request-production");
        await Assertions.Expect(done).ToContainTextAsync("4 models trained — request production", new() { Timeout = 900_000 });
        await Assertions.Expect(training).ToHaveCountAsync(0);
        await Assertions.Expect(done.GetByTestId("awaiting-production-model")).ToHaveTextAsync(["cars-mpg v1", "iris-species v1", "mnist-digits v1", "penguins-species v1"]);
        await done.GetByRole(AriaRole.Link, new() { Name = "penguins-species v1" }).ClickAsync();
        await page.WaitForURLAsync("**/models/penguins-species");
    }
}
