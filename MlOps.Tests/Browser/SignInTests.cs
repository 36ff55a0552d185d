using Microsoft.Playwright;
using MlOps.Tests.Support;

namespace MlOps.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class SignInTests(BrowserAppFixture app)
{
    [BrowserFact]
    public async Task Admin_signs_in_sees_the_dashboard_and_signs_out()
    {
        var page = await app.SignedInPageAsync();

        Assert.Contains(MlOpsFactory.AdminEmail, await page.GetByTestId("welcome").InnerTextAsync());
        await Assertions.Expect(page.GetByTestId("nav-admin")).ToBeVisibleAsync();

        await page.GetByTestId("user-menu").ClickAsync();
        var signOut = page.GetByRole(AriaRole.Button, new() { Name = "Sign out" });
        await Assertions.Expect(signOut).ToBeVisibleAsync();
        await signOut.ClickAsync();

        // The sign-out post and its redirect can be slow when the whole suite shares two cores.
        await page.WaitForURLAsync("**/login?signedOut=true", new() { Timeout = 60_000 });
        await Assertions.Expect(page.GetByTestId("login-message")).ToContainTextAsync("You are signed out.");
        await page.GotoAsync("/");
        await page.WaitForURLAsync("**/login**");
    }

    [BrowserFact]
    public async Task Wrong_password_shows_a_clear_message()
    {
        var page = await app.NewPageAsync();

        await BrowserAppFixture.SignInAsync(page, MlOpsFactory.AdminEmail, "not-the-password");

        await Assertions.Expect(page.GetByTestId("login-message")).ToContainTextAsync("Incorrect email or password.");
        Assert.Contains("/login", page.Url);
    }
}
