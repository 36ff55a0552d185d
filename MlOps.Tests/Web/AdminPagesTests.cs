using Bunit;
using MlOps.Modules.Platform.Contracts;
using MlOps.Tests.Support;
using MlOps.Web.Components.Pages.Admin;

namespace MlOps.Tests.Web;

public sealed class AdminPagesTests(MlOpsFactory app) : IClassFixture<MlOpsFactory>
{
    [Fact]
    public async Task The_users_page_lists_real_users_with_role_and_status()
    {
        await using var context = new ComponentTestContext(app, Roles.Admin);

        var page = context.Render<UsersPage>();

        page.WaitForAssertion(() => Assert.Contains(MlOpsFactory.AdminEmail, page.Find("[data-testid=users-table]").TextContent));
        Assert.Contains("Active", page.Find("[data-testid=users-table]").TextContent);
    }

    [Fact]
    public async Task Creating_a_user_with_a_weak_password_shows_why_and_creates_nothing()
    {
        await using var context = new ComponentTestContext(app, Roles.Admin);
        var page = context.Render<UsersPage>();

        page.Find("input[data-testid=new-user-email]").Change("weak@mlops.test");
        page.Find("input[data-testid=new-user-password]").Change("short");
        await page.Find("[data-testid=create-user]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Contains("Passwords must be at least 8 characters", page.Markup));
        Assert.DoesNotContain(await context.AppService<IUserAdministration>().ListAsync(default), u => u.Email == "weak@mlops.test");
    }

    [Fact]
    public async Task Creating_a_user_adds_them_to_the_table()
    {
        await using var context = new ComponentTestContext(app, Roles.Admin);
        var page = context.Render<UsersPage>();

        page.Find("input[data-testid=new-user-email]").Change("new.analyst@mlops.test");
        page.Find("input[data-testid=new-user-password]").Change("Analyst-Pass-1!");
        await page.Find("[data-testid=create-user]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Contains("new.analyst@mlops.test", page.Find("[data-testid=users-table]").TextContent));
    }

    [Fact]
    public async Task A_created_api_key_is_shown_once_and_listed_without_its_secret()
    {
        await using var context = new ComponentTestContext(app, Roles.Admin);
        var page = context.Render<ApiKeysPage>();

        page.Find("input[data-testid=new-key-name]").Change("scoring-service");
        await page.Find("[data-testid=create-key]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Contains("not shown again", page.Find("[data-testid=created-key]").TextContent));
        var key = page.Find("[data-testid=created-key] code").TextContent;
        Assert.StartsWith("mlops_", key);
        Assert.Contains("scoring-service", page.Find("[data-testid=keys-table]").TextContent);
        Assert.DoesNotContain(key, page.Find("[data-testid=keys-table]").TextContent);
    }

    [Fact]
    public async Task The_audit_page_shows_recorded_changes()
    {
        await using var context = new ComponentTestContext(app, Roles.Admin);

        var page = context.Render<AuditPage>();

        page.WaitForAssertion(() => Assert.Contains("user.created", page.Find("[data-testid=audit-table]").TextContent));
    }
}
