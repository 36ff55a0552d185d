using System.Net.Http.Json;
using Microsoft.Playwright;
using MlOps.Modules.Platform.Contracts;
using MlOps.Tests.Registry;

namespace MlOps.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class PromotionBrowserTests(BrowserAppFixture app)
{
    private const string Password = "Promote-Pass-1!";

    [BrowserFact]
    public async Task A_data_scientist_requests_production_and_a_second_admin_approves_it()
    {
        var name = $"iris-{Guid.NewGuid():N}"[..16];
        Assert.True((await IrisModel.RegisterAsync(app.App.Services, name)).Succeeded);
        var scientist = await CreateUserAsync(Roles.DataScientist);
        var approver = await CreateUserAsync(Roles.Admin);

        var requesterPage = await app.SignedInPageAsync(scientist, Password);
        await requesterPage.GotoAsync($"/models/{name}");
        await BrowserAppFixture.WaitForInteractivityAsync(requesterPage);
        await requesterPage.GetByTestId("request-v1").ClickAsync();
        await requesterPage.Locator("textarea[data-testid=promotion-reason]").FillAsync("First iris model for production");
        await requesterPage.GetByTestId("submit-promotion").ClickAsync();
        await Assertions.Expect(requesterPage.GetByTestId("promotion-history")).ToContainTextAsync("First iris model for production");
        await Assertions.Expect(requesterPage.GetByTestId("promotion-history")).ToContainTextAsync("Pending");

        var approverPage = await app.SignedInPageAsync(approver, Password);
        await Assertions.Expect(approverPage.Locator("[data-testid=pending-promotions-badge] .mud-badge")).ToBeVisibleAsync();
        await approverPage.GotoAsync("/promotions");
        await BrowserAppFixture.WaitForInteractivityAsync(approverPage);
        var row = approverPage.GetByTestId("promotion-queue").Locator("tr", new() { HasText = name });
        await Assertions.Expect(row).ToContainTextAsync(scientist);
        await row.Locator("[data-testid^=approve-]").ClickAsync();
        await approverPage.Locator("textarea[data-testid=decision-comment]").FillAsync("Checked the metrics");
        await approverPage.GetByTestId("confirm-decision").ClickAsync();

        await Assertions.Expect(approverPage.GetByTestId("promotion-decisions").Locator("tr", new() { HasText = name })).ToContainTextAsync("Approved");
        await approverPage.GotoAsync($"/models/{name}");
        await Assertions.Expect(approverPage.GetByTestId("model-aliases")).ToContainTextAsync("production → v1");
    }

    private async Task<string> CreateUserAsync(string role)
    {
        var email = $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}"[..20] + "@mlops.test";
        using var admin = app.App.CreateAdminClient();
        var response = await admin.PostAsJsonAsync("/api/v1/admin/users", new { email, password = Password, role });
        response.EnsureSuccessStatusCode();
        return email;
    }
}
