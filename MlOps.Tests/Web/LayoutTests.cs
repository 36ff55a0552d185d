using Bunit;
using Microsoft.AspNetCore.Components;
using MlOps.Modules.Platform.Contracts;
using MlOps.Tests.Support;
using MlOps.Web.Components.Layout;

namespace MlOps.Tests.Web;

public sealed class LayoutTests(MlOpsFactory app) : IClassFixture<MlOpsFactory>
{
    [Fact]
    public async Task Every_role_sees_the_module_navigation()
    {
        await using var context = new ComponentTestContext(app, Roles.Analyst, "analyst@mlops.test");

        var layout = context.Render<MainLayout>(p => p.Add(l => l.Body, (RenderFragment)(b => b.AddContent(0, "page body"))));

        foreach (var area in new[] { "Dashboard", "Experiments", "Datasets", "Pipelines", "Models", "Predict", "Monitoring" })
            Assert.Contains(area, layout.Find(".mud-navmenu").TextContent);
        Assert.Contains("page body", layout.Markup);
    }

    [Fact]
    public async Task Only_admins_see_the_admin_section()
    {
        await using var analystContext = new ComponentTestContext(app, Roles.Analyst, "analyst@mlops.test");
        await using var adminContext = new ComponentTestContext(app, Roles.Admin);

        var analystLayout = analystContext.Render<MainLayout>(p => p.Add(l => l.Body, (RenderFragment)(_ => { })));
        var adminLayout = adminContext.Render<MainLayout>(p => p.Add(l => l.Body, (RenderFragment)(_ => { })));

        Assert.Empty(analystLayout.FindAll("[data-testid=nav-admin]"));
        Assert.Single(adminLayout.FindAll("[data-testid=nav-admin]"));
    }

    [Fact]
    public async Task The_dark_mode_toggle_switches_the_theme()
    {
        await using var context = new ComponentTestContext(app, Roles.Analyst, "analyst@mlops.test");
        var layout = context.Render<MainLayout>(p => p.Add(l => l.Body, (RenderFragment)(_ => { })));

        layout.Find("[data-testid=dark-mode-toggle]").Click();

        Assert.Contains(layout.FindComponents<MudBlazor.MudTooltip>(), tooltip => tooltip.Instance.Text == "Switch to light mode");
    }
}
