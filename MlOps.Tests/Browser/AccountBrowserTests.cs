using Microsoft.Playwright;
using MlOps.Modules.Platform.Contracts;

namespace MlOps.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class AccountBrowserTests(BrowserAppFixture app)
{
    [BrowserFact]
    public async Task Disabling_yourself_is_refused_on_the_users_page_after_the_confirmation()
    {
        var (email, password) = await app.App.CreateUserAsync(Roles.Admin);
        var page = await app.SignedInPageAsync(email, password);
        await page.GotoAsync("/admin/users");
        await BrowserAppFixture.WaitForInteractivityAsync(page);
        var ownRow = page.GetByTestId("users-table").Locator("tr", new() { HasText = email });

        await ownRow.GetByTestId("toggle-disabled").ClickAsync();
        var confirmation = page.Locator(".mud-dialog");
        await Assertions.Expect(confirmation).ToContainTextAsync($"Disable {email}?");
        await confirmation.GetByRole(AriaRole.Button, new() { Name = "Disable", Exact = true }).ClickAsync();

        await Assertions.Expect(page.Locator(".mud-snackbar")).ToContainTextAsync("You cannot disable your own account");
        await Assertions.Expect(ownRow).ToContainTextAsync("Active");
    }

    [BrowserFact]
    public async Task Changing_your_password_then_signing_in_with_it_opens_the_dashboard_without_policy_violations()
    {
        var (email, password) = await app.App.CreateUserAsync(Roles.Analyst);
        var page = await app.NewPageAsync();
        var violations = new List<string>();
        page.Console += (_, message) => { if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal)) violations.Add(message.Text); };
        await BrowserAppFixture.SignInAsync(page, email, password);
        await page.WaitForURLAsync($"{app.BaseUrl}/");
        await BrowserAppFixture.WaitForInteractivityAsync(page);

        await page.GetByTestId("user-menu").ClickAsync();
        await page.GetByTestId("change-password-link").ClickAsync();
        await page.WaitForURLAsync("**/account/password");
        await BrowserAppFixture.WaitForInteractivityAsync(page);
        await page.Locator("input[data-testid=current-password]").FillAsync(password);
        await page.Locator("input[data-testid=new-password]").FillAsync("Newer-Pass-5!");
        await page.Locator("input[data-testid=repeat-password]").FillAsync("Newer-Pass-5!");
        await page.GetByTestId("change-password").ClickAsync();

        await page.WaitForURLAsync("**/login?passwordChanged=true");
        await Assertions.Expect(page.GetByTestId("login-message")).ToContainTextAsync("Your password is changed.");
        await BrowserAppFixture.SignInAsync(page, email, "Newer-Pass-5!");
        await page.WaitForURLAsync($"{app.BaseUrl}/");
        await Assertions.Expect(page.GetByTestId("welcome")).ToContainTextAsync(email);
        Assert.Empty(violations);
    }
}
