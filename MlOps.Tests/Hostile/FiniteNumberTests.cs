using System.Net;
using System.Net.Http.Json;
using System.Text;
using MlOps.Modules.Serving.Contracts;
using MlOps.Tests.Serving;

namespace MlOps.Tests.Hostile;

/// <summary>Infinities, NaN and numbers beyond float's range are refused naming the field, never scored as if valid.</summary>
[Collection(HostileCollection.Name)]
public sealed class FiniteNumberTests(HostileHost host)
{
    private const string Header = "sepal_length,sepal_width,petal_length,petal_width\n";

    [Theory]
    [InlineData("1e400")]
    [InlineData("-1e400")]
    [InlineData("1e39")]
    public async Task Json_number_beyond_float_range_is_400_naming_the_field(string number)
    {
        var body = $"{{\"records\":[{{\"sepal_length\":{number},\"sepal_width\":3.5,\"petal_length\":1.4,\"petal_width\":0.2}}]}}";

        var response = await host.Admin.PostAsync($"/api/v1/models/{HostileHost.FormulaModel}/predict?version=1", new StringContent(body, Encoding.UTF8, "application/json"));

        await HostileHost.AssertProblemAsync(response, HttpStatusCode.BadRequest, "records[0].sepal_length");
        Assert.Contains("finite number", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Infinity")]
    [InlineData("-Infinity")]
    [InlineData("NaN")]
    [InlineData("1e400")]
    public async Task Csv_value_that_is_not_finite_is_400_naming_the_field(string value)
    {
        var csv = Header + $"5.1,3.5,{value},0.2\n";

        var response = await host.Admin.PostAsync($"/api/v1/models/{HostileHost.FormulaModel}/predict?version=1", new StringContent(csv, Encoding.UTF8, "text/csv"));

        await HostileHost.AssertProblemAsync(response, HttpStatusCode.BadRequest, "petal_length");
        Assert.Contains("finite number", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Batch_job_with_an_infinite_value_fails_naming_the_row_and_field()
    {
        var csv = Encoding.UTF8.GetBytes(Header + "5.1,3.5,1.4,0.2\n5.1,Infinity,1.4,0.2\n");
        var job = await BatchApi.ReadAsync(await BatchApi.UploadAsync(host.Scientist, HostileHost.FormulaModel, csv, version: 1));

        var done = await BatchApi.WaitAsync(host.Scientist, job.Id);

        Assert.Equal(BatchJobStatus.Failed, done.Status);
        Assert.Contains("Row 2: column 'sepal_width' expects a finite number", done.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Feedback_with_an_infinite_actual_is_400_naming_the_field()
    {
        var response = await host.Admin.PostAsync($"/api/v1/monitoring/models/{HostileHost.FormulaModel}/feedback",
            new StringContent("{\"requestId\":\"r-1\",\"actual\":1e400}", Encoding.UTF8, "application/json"));

        await HostileHost.AssertProblemAsync(response, HttpStatusCode.BadRequest, "actual must be a finite number");
    }

    [Fact]
    public async Task Log_batch_metric_beyond_double_range_is_400_naming_the_field()
    {
        var created = await host.Scientist.PostAsJsonAsync("/api/v1/experiments", new { name = $"finite-{Guid.NewGuid():N}" });
        var experiment = (await created.Content.ReadFromJsonAsync<IdOnly>())!.Id;
        var run = (await (await host.Scientist.PostAsJsonAsync($"/api/v1/experiments/{experiment}/runs", new { })).Content.ReadFromJsonAsync<IdOnly>())!.Id;

        var response = await host.Scientist.PostAsync($"/api/v1/runs/{run}/log-batch",
            new StringContent("{\"metrics\":[{\"key\":\"loss\",\"value\":1e400}]}", Encoding.UTF8, "application/json"));

        await HostileHost.AssertProblemAsync(response, HttpStatusCode.BadRequest, "metrics[0].value");
    }

    private sealed record IdOnly(string Id);
}
