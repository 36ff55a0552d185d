using System.Net;
using System.Net.Http.Headers;
using System.Text;
using MlOps.Tests.Serving;

namespace MlOps.Tests.Hostile;

/// <summary>No cell of a CSV the product writes starts a spreadsheet formula; numbers stay numbers.</summary>
[Collection(HostileCollection.Name)]
public sealed class SpreadsheetSafeCsvTests(HostileHost host)
{
    private const string Rows = "sepal_length,sepal_width,petal_length,petal_width,note\n5.1,3.5,1.4,0.2,=1+1\n6.3,3.3,6.0,2.5,-2\n";

    [Fact]
    public async Task Csv_prediction_answer_neutralises_formula_labels_and_cells_but_keeps_numbers()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/models/{HostileHost.FormulaModel}/predict?version=1")
        {
            Content = new StringContent(Rows, Encoding.UTF8, "text/csv"),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));

        var response = await host.Admin.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertSpreadsheetSafe(await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Batch_output_neutralises_formula_headers_cells_and_labels_but_keeps_numbers()
    {
        var csv = Encoding.UTF8.GetBytes(Rows.Replace(",note\n", ",@note\n", StringComparison.Ordinal));
        var job = await BatchApi.ReadAsync(await BatchApi.UploadAsync(host.Scientist, HostileHost.FormulaModel, csv, version: 1));
        var done = await BatchApi.WaitAsync(host.Scientist, job.Id);
        Assert.True(done.Status == MlOps.Modules.Serving.Contracts.BatchJobStatus.Succeeded, done.Error);

        var output = await host.Scientist.GetStringAsync($"/api/v1/batch-jobs/{job.Id}/output");

        AssertSpreadsheetSafe(output);
        Assert.Contains("\"'@note\"", output.Split('\n')[0], StringComparison.Ordinal);
    }

    private static void AssertSpreadsheetSafe(string csv)
    {
        var cells = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).SelectMany(line => line.TrimEnd('\r').Split(',')).ToList();
        Assert.DoesNotContain(cells, cell => cell.TrimStart('"').Length > 0 && "=+@\t\r".Contains(cell.TrimStart('"')[0]));
        Assert.DoesNotContain(cells, cell => cell.TrimStart('"').StartsWith('-') && !double.TryParse(cell, System.Globalization.CultureInfo.InvariantCulture, out _));
        Assert.Contains("-2", cells);
        Assert.Contains(cells, cell => cell.StartsWith("\"'", StringComparison.Ordinal) && HostileHost.FormulaLabels.Any(label => cell.Contains(label[..4], StringComparison.Ordinal)));
        Assert.Contains("\"'=1+1\"", cells);
    }
}
