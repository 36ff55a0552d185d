using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MlOps.Modules.Pipeline.Contracts;
using MlOps.Web.Components.Pages.Datasets;
using MudBlazor.Services;

namespace MlOps.Tests.Web;

public sealed class DatasetPageTests : IAsyncLifetime
{
    // MudBlazor registers services that only dispose asynchronously, so the context is disposed with DisposeAsync.
    private readonly BunitContext _context = new();

    public DatasetPageTests()
    {
        _context.JSInterop.Mode = JSRuntimeMode.Loose;
        _context.Services.AddMudServices();
        _context.Services.AddSingleton<IDatasetCatalog, FakeDatasetCatalog>();
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _context.DisposeAsync();

    [Fact]
    public void Tabular_dataset_page_shows_the_schema_with_types_missing_counts_and_statistics()
    {
        var page = _context.Render<DatasetPage>(parameters => parameters.Add(p => p.Name, "flowers"));

        var rows = page.FindAll("[data-testid=schema-row]");
        Assert.Equal(3, rows.Count);
        var cells = rows[0].QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToArray();
        Assert.Equal(["petal_length", "Numeric", "1", "5", "1.5", "6.5", "3.7", "2.1"], cells);
        Assert.Contains("Categorical", rows[1].TextContent);
        Assert.Contains("Text", rows[2].TextContent);
    }

    [Fact]
    public void Tabular_dataset_page_draws_a_histogram_for_numbers_and_frequencies_for_categories_but_nothing_for_text()
    {
        var page = _context.Render<DatasetPage>(parameters => parameters.Add(p => p.Name, "flowers"));

        var histogram = page.Find("[data-testid='histogram-petal_length']");
        Assert.NotNull(histogram.QuerySelector("svg"));
        Assert.Contains("1.5", histogram.TextContent);
        Assert.Contains("4", histogram.TextContent);
        Assert.NotNull(page.Find("[data-testid='frequencies-species']").QuerySelector("svg"));
        Assert.Empty(page.FindAll("[data-testid$='-note']"));
    }

    [Fact]
    public void Tabular_dataset_page_previews_rows_and_marks_missing_values()
    {
        var page = _context.Render<DatasetPage>(parameters => parameters.Add(p => p.Name, "flowers"));

        var preview = page.Find("[data-testid=preview-table]");
        Assert.Equal(["petal_length", "species", "note"], preview.QuerySelectorAll("th").Select(th => th.TextContent));
        Assert.Contains("missing", preview.QuerySelectorAll("tbody tr")[1].TextContent);
    }

    [Fact]
    public void Image_dataset_page_shows_class_counts_and_thumbnails_served_by_the_api()
    {
        var page = _context.Render<DatasetPage>(parameters => parameters.Add(p => p.Name, "digits"));

        Assert.NotNull(page.Find("[data-testid=chart-classes]").QuerySelector("svg"));
        Assert.Contains("28x28 (4)", page.Find("[data-testid=image-sizes]").TextContent);
        var thumbnails = page.Find("[data-testid=thumbnails-1]").QuerySelectorAll("img").Select(img => img.GetAttribute("src") ?? "").ToArray();
        Assert.Equal(["api/v1/datasets/digits/versions/1/images/1/c%20d.png", "api/v1/datasets/digits/versions/1/images/1/e.png"], thumbnails);
        Assert.Empty(page.FindAll("[data-testid=preview-table]"));
    }

    [Fact]
    public void Unknown_dataset_says_so()
    {
        var page = _context.Render<DatasetPage>(parameters => parameters.Add(p => p.Name, "nope"));

        Assert.Contains("There is no dataset 'nope'", page.Find("[data-testid=dataset-not-found]").TextContent);
    }
}
