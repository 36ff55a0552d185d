using Bunit;
using MlOps.Modules.Platform.Contracts;
using MlOps.Modules.Registry.Contracts;
using MlOps.Tests.Support;
using MlOps.Web.Components.Layout;
using MlOps.Web.Components.Pages.Models;
using MudBlazor;

namespace MlOps.Tests.Registry;

public sealed class RegistryPagesTests(RegistryFactory app) : IClassFixture<RegistryFactory>
{
    private const string Requester = "ds@mlops.test";

    [Fact]
    public async Task The_models_list_shows_production_latest_version_and_links_to_the_model()
    {
        var name = NewModelName();
        await app.RegisterAsync(name);
        await app.RegisterAsync(name);
        var request = (await app.WithRegistryAsync(r => r.RequestPromotionAsync(name, 1, "Baseline", Requester, CancellationToken.None))).Value!;
        await app.WithRegistryAsync(r => r.ApproveAsync(request.Id, null, MlOpsFactory.AdminEmail, CancellationToken.None));
        await using var context = new ComponentTestContext(app, Roles.Analyst, "analyst@mlops.test");

        var page = context.Render<ModelsPage>();

        page.WaitForAssertion(() => Assert.Contains(name, page.Find("[data-testid=models-table]").TextContent));
        var row = page.FindAll("[data-testid=models-table] tbody tr").Single(r => r.TextContent.Contains(name, StringComparison.Ordinal));
        Assert.Equal(["v1", "v2"], row.QuerySelectorAll("td").Skip(1).Take(2).Select(c => c.TextContent.Trim()));
        Assert.Equal($"models/{name}", row.QuerySelector("a")!.GetAttribute("href"));
    }

    [Fact]
    public async Task The_model_page_shows_versions_aliases_lineage_metrics_and_promotion_history()
    {
        var name = NewModelName();
        await app.RegisterAsync(name, accuracy: 0.8);
        var second = (await app.RegisterAsync(name, accuracy: 0.95)).Value!;
        await app.WithRegistryAsync(r => r.SetAliasAsync(name, "staging", 2, Requester, CancellationToken.None));
        await app.WithRegistryAsync(r => r.RequestPromotionAsync(name, 2, "Beats v1 on accuracy", Requester, CancellationToken.None));
        await using var context = new ComponentTestContext(app, Roles.Analyst, "analyst@mlops.test");

        var page = context.Render<ModelPage>(p => p.Add(m => m.Name, name));

        page.WaitForAssertion(() => Assert.Contains("staging → v2", page.Find("[data-testid=model-aliases]").TextContent));
        // The page may render the model (and its aliases) before its versions and promotions have loaded.
        page.WaitForAssertion(() =>
        {
            Assert.Contains("accuracy 0.95", page.Find("[data-testid=versions-table]").TextContent);
            Assert.Contains("Beats v1 on accuracy", page.Find("[data-testid=promotion-history]").TextContent);
        });
        var versions = page.Find("[data-testid=versions-table]");
        Assert.Contains("accuracy 0.8", versions.TextContent);
        Assert.Contains($"href=\"runs/{second.RunId}\"", versions.InnerHtml);
        Assert.Contains("href=\"datasets/iris/versions/1\"", versions.InnerHtml);
        Assert.Contains("href=\"pipeline-runs/pipeline-run-1\"", versions.InnerHtml);
        Assert.NotNull(page.Find("[data-testid=metric-comparison] svg"));
        var history = page.Find("[data-testid=promotion-history]").TextContent;
        Assert.Contains("Beats v1 on accuracy", history);
        Assert.Contains("Pending", history);
        Assert.Empty(page.FindAll("[data-testid^=request-v]"));
        Assert.Empty(page.FindAll("[data-testid=set-alias]"));
    }

    [Fact]
    public async Task A_data_scientist_requests_production_from_the_model_page()
    {
        var name = NewModelName();
        await app.RegisterAsync(name);
        await using var context = new ComponentTestContext(app, Roles.DataScientist, Requester);
        var dialogs = context.Render<MudDialogProvider>();
        var page = context.Render<ModelPage>(p => p.Add(m => m.Name, name));

        page.WaitForElement("[data-testid=request-v1]").Click();
        dialogs.WaitForElement("textarea[data-testid=promotion-reason]").Change("First model that works");
        await dialogs.Find("[data-testid=submit-promotion]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Contains("First model that works", page.Find("[data-testid=promotion-history]").TextContent));
        Assert.Contains("Awaiting approval", page.Find("[data-testid=pending-v1]").TextContent);
        Assert.Empty(page.FindAll("[data-testid=request-v1]"));
        var pending = await context.AppService<IModelRegistry>().ListPromotionsAsync(new PromotionQuery(PromotionStatus.Pending, name), new PageRequest(), default);
        Assert.Equal(Requester, Assert.Single(pending.Items).RequestedBy);
    }

    [Fact]
    public async Task Rolling_back_is_one_click_that_files_a_promotion_of_the_earlier_version()
    {
        var name = NewModelName();
        await app.RegisterAsync(name);
        await app.RegisterAsync(name);
        var forward = (await app.WithRegistryAsync(r => r.RequestPromotionAsync(name, 2, "Newer", Requester, CancellationToken.None))).Value!;
        await app.WithRegistryAsync(r => r.ApproveAsync(forward.Id, null, MlOpsFactory.AdminEmail, CancellationToken.None));
        await using var context = new ComponentTestContext(app, Roles.DataScientist, Requester);
        var page = context.Render<ModelPage>(p => p.Add(m => m.Name, name));

        await page.WaitForElement("[data-testid=rollback-v1]").ClickAsync(new());

        var pending = await context.AppService<IModelRegistry>().ListPromotionsAsync(new PromotionQuery(PromotionStatus.Pending, name), new PageRequest(), default);
        var rollback = Assert.Single(pending.Items);
        Assert.Equal((1, 2), (rollback.Version, rollback.PreviousVersion!.Value));
        page.WaitForAssertion(() => Assert.Contains("Roll back production from v2 to v1", page.Find("[data-testid=promotion-history]").TextContent));
    }

    [Fact]
    public async Task A_data_scientist_points_an_alias_from_the_model_page_but_not_production()
    {
        var name = NewModelName();
        await app.RegisterAsync(name);
        await using var context = new ComponentTestContext(app, Roles.DataScientist, Requester);
        var page = context.Render<ModelPage>(p => p.Add(m => m.Name, name));

        page.WaitForElement("input[data-testid=alias-name]").Change("production");
        await page.Find("[data-testid=set-alias-button]").ClickAsync(new());
        page.WaitForAssertion(() => Assert.Contains("approved promotion", page.Find("[data-testid=alias-problem]").TextContent));

        page.Find("input[data-testid=alias-name]").Change("champion");
        await page.Find("[data-testid=set-alias-button]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Contains("champion → v1", page.Find("[data-testid=model-aliases]").TextContent));
        Assert.Equal(new Dictionary<string, int> { ["champion"] = 1 }, (await context.AppService<IModelRegistry>().GetModelAsync(name, default))!.Aliases);
    }

    [Fact]
    public async Task Rejecting_in_the_dialog_needs_a_comment()
    {
        var name = NewModelName();
        await app.RegisterAsync(name);
        var request = (await app.WithRegistryAsync(r => r.RequestPromotionAsync(name, 1, "Ready", Requester, CancellationToken.None))).Value!;
        await using var context = new ComponentTestContext(app, Roles.Admin);
        var dialogs = context.Render<MudDialogProvider>();
        var page = context.Render<PromotionsPage>();

        page.WaitForElement($"[data-testid=reject-{request.Id}]").Click();
        await dialogs.WaitForElement("[data-testid=confirm-decision]").ClickAsync(new());

        dialogs.WaitForAssertion(() => Assert.Contains("needs a comment", dialogs.Find("[data-testid=decision-problem]").TextContent));
        Assert.Equal(PromotionStatus.Pending, (await context.AppService<IModelRegistry>().GetPromotionAsync(request.Id, default))!.Status);

        dialogs.Find("textarea[data-testid=decision-comment]").Change("Evaluate on the holdout first");
        await dialogs.Find("[data-testid=confirm-decision]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Contains("Evaluate on the holdout first", page.Find("[data-testid=promotion-decisions]").TextContent));
        var decided = (await context.AppService<IModelRegistry>().GetPromotionAsync(request.Id, default))!;
        Assert.Equal((PromotionStatus.Rejected, MlOpsFactory.AdminEmail), (decided.Status, decided.DecidedBy));
    }

    [Fact]
    public async Task Approving_in_the_dialog_moves_production_and_updates_the_badge()
    {
        var name = NewModelName();
        var other = NewModelName();
        await app.RegisterAsync(name);
        await app.RegisterAsync(other);
        var request = (await app.WithRegistryAsync(r => r.RequestPromotionAsync(name, 1, "Ready", Requester, CancellationToken.None))).Value!;
        await app.WithRegistryAsync(r => r.RequestPromotionAsync(other, 1, "Also ready", Requester, CancellationToken.None));
        var pending = await app.WithRegistryAsync(r => r.CountPendingPromotionsAsync(CancellationToken.None));
        await using var context = new ComponentTestContext(app, Roles.Admin);
        var badge = context.Render<PendingPromotionsBadge>();
        var dialogs = context.Render<MudDialogProvider>();
        var page = context.Render<PromotionsPage>();
        badge.WaitForAssertion(() => Assert.Equal(Count(pending), badge.Find(".mud-badge").TextContent.Trim()));

        page.WaitForElement($"[data-testid=approve-{request.Id}]").Click();
        await dialogs.WaitForElement("[data-testid=confirm-decision]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Empty(page.FindAll($"[data-testid=approve-{request.Id}]")));
        Assert.Equal(1, (await context.AppService<IModelRegistry>().GetModelAsync(name, default))!.ProductionVersion);
        badge.WaitForAssertion(() => Assert.Equal(Count(pending - 1), badge.Find(".mud-badge").TextContent.Trim()));
    }

    [Fact]
    public async Task An_admin_cannot_decide_their_own_request_in_the_queue()
    {
        var name = NewModelName();
        await app.RegisterAsync(name);
        var request = (await app.WithRegistryAsync(r => r.RequestPromotionAsync(name, 1, "Mine", MlOpsFactory.AdminEmail, CancellationToken.None))).Value!;
        await using var context = new ComponentTestContext(app, Roles.Admin);

        var page = context.Render<PromotionsPage>();

        page.WaitForAssertion(() => Assert.Contains("Mine", page.Find("[data-testid=promotion-queue]").TextContent));
        Assert.Empty(page.FindAll($"[data-testid=approve-{request.Id}]"));
        Assert.Contains("another Admin decides", page.Find("[data-testid=promotion-queue]").TextContent);
    }

    [Fact]
    public async Task Admins_see_the_pending_count_in_the_app_bar_and_others_do_not()
    {
        var name = NewModelName();
        await app.RegisterAsync(name);
        await app.WithRegistryAsync(r => r.RequestPromotionAsync(name, 1, "Ready", Requester, CancellationToken.None));
        var pending = await app.WithRegistryAsync(r => r.CountPendingPromotionsAsync(CancellationToken.None));
        await using var adminContext = new ComponentTestContext(app, Roles.Admin);
        await using var analystContext = new ComponentTestContext(app, Roles.Analyst, "analyst@mlops.test");

        var adminBadge = adminContext.Render<PendingPromotionsBadge>();
        var analystBadge = analystContext.Render<PendingPromotionsBadge>();

        adminBadge.WaitForAssertion(() => Assert.Contains(pending.ToString(System.Globalization.CultureInfo.InvariantCulture),
            adminBadge.Find("[data-testid=pending-promotions-badge] .mud-badge").TextContent));
        Assert.Empty(analystBadge.FindAll("[data-testid=pending-promotions-badge]"));
    }

    private static string Count(int count) => count.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string NewModelName() => $"iris-{Guid.NewGuid():N}"[..16];
}
