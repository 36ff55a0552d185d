using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using MlOps.Modules.Serving.Contracts;
using MlOps.Tests.Pipeline;
using MlOps.Tests.Support;

namespace MlOps.Tests.Serving;

/// <summary>Batch jobs over HTTP, waited for the way a client polls, and CSVs made from the penguins sample.</summary>
internal static class BatchApi
{
    public static Task<HttpResponseMessage> UploadAsync(HttpClient client, string model, byte[] csv, int? version = null, string fileName = "rows.csv")
    {
        var form = new MultipartFormDataContent { { new StringContent(model), "model" } };
        if (version is not null) form.Add(new StringContent(version.ToString()!), "version");
        var file = new ByteArrayContent(csv);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", fileName);
        return client.PostAsync("/api/v1/batch-jobs", form);
    }

    public static async Task<BatchJobInfo> ReadAsync(HttpResponseMessage response)
    {
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return await DatasetApi.ReadAsync<BatchJobInfo>(response);
    }

    public static Task<BatchJobInfo> WaitAsync(HttpClient client, string id) => WaitForAsync(client, id, job => !job.IsActive);

    public static Task<BatchJobInfo> WaitForAsync(HttpClient client, string id, Func<BatchJobInfo, bool> condition, TimeSpan? timeout = null) =>
        Poll.UntilAsync(
            async () => (await client.GetFromJsonAsync<BatchJobInfo>($"/api/v1/batch-jobs/{id}", DatasetApi.Json))!,
            condition, timeout ?? TimeSpan.FromSeconds(180), job => $"Batch job {id} is still {job.Status} after {job.Rows} rows.");

    /// <summary>The penguins sample's header and <paramref name="rows"/> of its rows, over and over; <paramref name="change"/> may rewrite row n (1-based).</summary>
    public static byte[] PenguinRows(int rows, Func<int, string, string>? change = null)
    {
        var sample = Encoding.UTF8.GetString(DatasetApi.TestFile("penguins.csv")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var csv = new StringBuilder(sample[0]).Append('\n');
        for (var n = 1; n <= rows; n++)
        {
            var row = sample[1 + (n - 1) % (sample.Length - 1)].TrimEnd('\r');
            csv.Append(change is null ? row : change(n, row)).Append('\n');
        }

        return Encoding.UTF8.GetBytes(csv.ToString());
    }
}

[CollectionDefinition(Name)]
public sealed class BatchCollection : ICollectionFixture<ServingFixture>
{
    /// <summary>The batch tests share one host with trained models: training is the slow part.</summary>
    public const string Name = "Batch scoring";
}
