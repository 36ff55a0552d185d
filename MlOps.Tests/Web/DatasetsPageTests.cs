using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MlOps.Modules.Pipeline.Contracts;
using MlOps.Modules.Platform.Contracts;
using MlOps.Web.Components.Pages.Datasets;
using MudBlazor.Services;

namespace MlOps.Tests.Web;

public sealed class DatasetsPageTests : IAsyncLifetime
{
    // MudBlazor registers services that only dispose asynchronously, so the context is disposed with DisposeAsync.
    private readonly BunitContext _context = new();

    public DatasetsPageTests()
    {
        _context.JSInterop.Mode = JSRuntimeMode.Loose;
        _context.Services.AddMudServices();
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _context.DisposeAsync();

    [Fact]
    public void A_data_scientist_sees_the_upload_zone_and_the_dataset_list()
    {
        SignIn("scientist@mlops.test", Policies.Read, Policies.Write);
        _context.Services.AddSingleton<IDatasetCatalog>(new FakeDatasetCatalog());

        var page = _context.Render<DatasetsPage>();

        Assert.Contains("Drop a CSV or ZIP here", page.Find("[data-testid=drop-zone]").TextContent);
        var names = page.FindAll("[data-testid=datasets-table] tbody tr td:first-child").Select(td => td.TextContent.Trim());
        Assert.Equal(["flowers", "digits"], names);
    }

    [Fact]
    public void An_analyst_sees_the_list_without_an_upload_zone()
    {
        SignIn("analyst@mlops.test", Policies.Read);
        _context.Services.AddSingleton<IDatasetCatalog>(new FakeDatasetCatalog());

        var page = _context.Render<DatasetsPage>();

        Assert.Empty(page.FindAll("[data-testid=dataset-upload]"));
        Assert.NotEmpty(page.FindAll("[data-testid=datasets-table]"));
    }

    [Fact]
    public void An_empty_catalog_offers_to_import_the_samples_with_one_click()
    {
        SignIn("scientist@mlops.test", Policies.Read, Policies.Write);
        var catalog = new FakeDatasetCatalog(empty: true);
        _context.Services.AddSingleton<IDatasetCatalog>(catalog);
        var page = _context.Render<DatasetsPage>();

        page.Find("[data-testid=import-samples]").Click();

        Assert.Equal("scientist@mlops.test", catalog.ImportedBy);
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=no-datasets]")));
        Assert.Contains("flowers", page.Find("[data-testid=datasets-table]").TextContent);
    }

    private void SignIn(string name, params string[] policies)
    {
        var authorization = _context.AddAuthorization();
        authorization.SetAuthorized(name);
        authorization.SetPolicies(policies);
    }
}
