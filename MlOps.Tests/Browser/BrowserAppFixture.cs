using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MlOps.Tests.Support;

namespace MlOps.Tests.Browser;

/// <summary>The real app served by Kestrel on a free 127.0.0.1 port, driven by Debian's Chromium.</summary>
public sealed class BrowserAppFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public MlOpsFactory App { get; } = new();

    public string BaseUrl { get; private set; } = "";

    public IBrowser Browser { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        App.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        App.StartServer();
        var addresses = App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
        BaseUrl = addresses.Addresses.First().TrimEnd('/');

        if (!File.Exists(BrowserFactAttribute.ChromiumPath)) return;
        _playwright = await Playwright.CreateAsync();
        Browser = await Chromium.LaunchAsync(_playwright);
    }

    /// <summary>A fresh browser context (its own cookies) with a page.</summary>
    public async Task<IPage> NewPageAsync()
    {
        if (Browser is null) throw new InvalidOperationException($"Chromium is missing at {BrowserFactAttribute.ChromiumPath}: apt-get install chromium.");
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseUrl });
        context.SetDefaultTimeout(15_000);
        Assertions.SetDefaultExpectTimeout(15_000);
        return await context.NewPageAsync();
    }

    /// <summary>Signs in through the real login form and waits for the dashboard.</summary>
    public async Task<IPage> SignedInPageAsync(string email = MlOpsFactory.AdminEmail, string password = MlOpsFactory.AdminPassword)
    {
        var page = await NewPageAsync();
        await SignInAsync(page, email, password);
        await page.WaitForURLAsync($"{BaseUrl}/");
        await WaitForInteractivityAsync(page);
        return page;
    }

    /// <summary>Waits until the Blazor circuit has attached, so clicks reach component handlers.</summary>
    public static Task WaitForInteractivityAsync(IPage page) => page.Locator("[data-interactive=true]").WaitForAsync();

    public static async Task SignInAsync(IPage page, string email, string password)
    {
        await page.GotoAsync("/login");
        await page.Locator("#email").FillAsync(email);
        await page.Locator("#password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        _playwright?.Dispose();
        await App.DisposeAsync();
    }
}
