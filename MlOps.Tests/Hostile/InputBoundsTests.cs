using System.Net;

namespace MlOps.Tests.Hostile;

/// <summary>Paging and other query inputs are bounded before use: out-of-range values are 400s, never overflows or 500s.</summary>
[Collection(HostileCollection.Name)]
public sealed class InputBoundsTests(HostileHost host)
{
    public static TheoryData<string> PagedRoutes => new()
    {
        "/api/v1/experiments",
        "/api/v1/datasets",
        "/api/v1/pipelines",
        $"/api/v1/pipelines/{HostileHost.FormulaModel}/runs",
        "/api/v1/models",
        $"/api/v1/models/{HostileHost.FormulaModel}/versions",
        "/api/v1/promotions",
        "/api/v1/batch-jobs",
        "/api/v1/batch-definitions",
        "/api/v1/audit",
        "/api/v1/monitoring/alerts",
        $"/api/v1/monitoring/models/{HostileHost.FormulaModel}/predictions",
    };

    [Theory]
    [MemberData(nameof(PagedRoutes))]
    public async Task Page_that_would_overflow_is_400_on_every_paged_route(string route)
    {
        foreach (var query in new[] { "page=2147483647", "page=1000001", "page=0", "page=-1", "pageSize=501", "pageSize=0" })
        {
            var response = await host.Admin.GetAsync($"{route}?{query}");

            await HostileHost.AssertProblemAsync(response, HttpStatusCode.BadRequest, query.Split('=')[0]);
        }
    }

    [Theory]
    [InlineData("page=99999999999")]
    [InlineData("page=abc")]
    [InlineData("pageSize=1e3")]
    public async Task Page_that_is_not_an_int_is_400(string query)
    {
        var response = await host.Admin.GetAsync($"/api/v1/models?{query}");

        await HostileHost.AssertProblemAsync(response, HttpStatusCode.BadRequest, query.Split('=')[0]);
    }

    [Fact]
    public async Task Run_search_page_that_would_overflow_is_400()
    {
        var response = await host.Admin.PostAsync("/api/v1/runs/search",
            new StringContent("{\"experimentIds\":[\"1\"],\"page\":2147483647}", System.Text.Encoding.UTF8, "application/json"));

        await HostileHost.AssertProblemAsync(response, HttpStatusCode.BadRequest, "Page");
    }

    [Theory]
    [InlineData("/api/v1/datasets/formula-iris/versions/1/preview?rows=2147483647", "rows")]
    [InlineData("/api/v1/datasets/formula-iris/versions/1/preview?rows=-5", "rows")]
    public async Task Preview_rows_out_of_range_are_400(string route, string field)
    {
        var response = await host.Admin.GetAsync(route);

        await HostileHost.AssertProblemAsync(response, HttpStatusCode.BadRequest, field);
    }
}
