using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace MlOps.Tests.Cluster;

/// <summary>
/// The PyTorch-exported iris MLP (TestData/onnx), uploaded over HTTP: a real model that registers and loads in
/// milliseconds, so replica tests spend their time on what replicas do, not on training.
/// </summary>
public static class IrisModel
{
    public static readonly object Record = new Dictionary<string, double>
    {
        ["sepal_length"] = 6.1, ["sepal_width"] = 2.8, ["petal_length"] = 4.7, ["petal_width"] = 1.2,
    };

    /// <summary>Registers the next version of <paramref name="model"/> and returns its number.</summary>
    public static async Task<int> UploadAsync(HttpClient client, string model)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(File.ReadAllBytes(FixturePath("iris-mlp.onnx")));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", "iris-mlp.onnx");
        form.Add(new StringContent(File.ReadAllText(FixturePath("iris-mlp.signature.json"))), "signature");
        var response = await client.PostAsync($"/api/v1/models/{model}/versions", form);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt32();
    }

    /// <summary>Four eyes: <paramref name="requester"/> asks for production, <paramref name="approver"/> (another Admin) approves.</summary>
    public static async Task PromoteAsync(HttpClient requester, HttpClient approver, string model, int version)
    {
        var requested = await requester.PostAsJsonAsync($"/api/v1/models/{model}/promotions", new { version, alias = "production", reason = "replica test" });
        Assert.True(requested.IsSuccessStatusCode, await requested.Content.ReadAsStringAsync());
        var id = (await requested.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        var approved = await approver.PostAsJsonAsync($"/api/v1/promotions/{id}/approve", new { comment = "ok" });
        Assert.True(approved.IsSuccessStatusCode, await approved.Content.ReadAsStringAsync());
    }

    private static string FixturePath(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", "onnx", name);
}
