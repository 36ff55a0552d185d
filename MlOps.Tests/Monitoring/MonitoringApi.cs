using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MlOps.Modules.Platform.Contracts;
using MlOps.Modules.Registry.Contracts;
using MlOps.Tests.Pipeline;
using MlOps.Tests.Support;

namespace MlOps.Tests.Monitoring;

/// <summary>Predicts through Serving's API and reads Monitoring's, polling while the log writer catches up.</summary>
internal static class MonitoringApi
{
    public static readonly Dictionary<string, object?> Adelie = new()
    {
        ["Island"] = "Torgersen", ["Beak Length (mm)"] = 39.1, ["Beak Depth (mm)"] = 18.7, ["Flipper Length (mm)"] = 181, ["Body Mass (g)"] = 3750,
    };

    public static readonly Dictionary<string, object?> Gentoo = new()
    {
        ["Island"] = "Biscoe", ["Beak Length (mm)"] = 47.6, ["Beak Depth (mm)"] = 14.5, ["Flipper Length (mm)"] = 215, ["Body Mass (g)"] = 5400,
    };

    public static readonly Dictionary<string, object?> Car = new()
    {
        ["Cylinders"] = 4, ["Displacement"] = 97, ["Horsepower"] = 88, ["Weight_in_lbs"] = 2130, ["Acceleration"] = 14.5, ["Year"] = "1970-01-01", ["Origin"] = "Japan",
    };

    public static readonly Dictionary<string, object?> BadPenguin = new(Adelie) { ["Beak Length (mm)"] = "long" };

    /// <summary>Posts records under a request id of the caller's choosing; the query may pick a version or alias.</summary>
    public static async Task<HttpResponseMessage> PredictAsync(HttpClient client, string model, string requestId, string query, params Dictionary<string, object?>[] records)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/models/{model}/predict{query}") { Content = JsonContent.Create(new { records }) };
        request.Headers.Add("X-Request-Id", requestId);
        return await client.SendAsync(request);
    }

    public static async Task<JsonElement> PredictOkAsync(HttpClient client, string model, string requestId, string query, params Dictionary<string, object?>[] records)
    {
        var response = await PredictAsync(client, model, requestId, query, records);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static async Task<T> GetAsync<T>(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await DatasetApi.ReadAsync<T>(response);
    }

    /// <summary>Reads until <paramref name="done"/> holds: predictions reach the log a moment after they are answered.</summary>
    public static Task<T> WaitForAsync<T>(HttpClient client, string url, Func<T, bool> done) =>
        Poll.UntilAsync(() => GetAsync<T>(client, url), done, TimeSpan.FromSeconds(20),
            value => $"GET {url} never met the condition: {JsonSerializer.Serialize(value, DatasetApi.Json)}");

    public static string Since(DateTime from) => $"from={from:O}";

    /// <summary>Requests the promotion with <paramref name="admin"/> and approves it with a second Admin key: four eyes.</summary>
    public static async Task PromoteAsync(MlOpsFactory factory, HttpClient admin, string model, int version)
    {
        var requested = await admin.PostAsJsonAsync($"/api/v1/models/{model}/promotions", new { version, reason = "Monitoring tests" });
        Assert.True(requested.IsSuccessStatusCode, await requested.Content.ReadAsStringAsync());
        using var approver = await factory.CreateClientWithRoleAsync(Roles.Admin);
        var promotion = await DatasetApi.ReadAsync<PromotionRequest>(requested);
        var approved = await approver.PostAsJsonAsync($"/api/v1/promotions/{promotion.Id}/approve", new { comment = "ok" });
        Assert.True(approved.IsSuccessStatusCode, await approved.Content.ReadAsStringAsync());
    }
}
