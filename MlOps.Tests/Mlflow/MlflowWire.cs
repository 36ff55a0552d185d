using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MlOps.Tests.Support;

namespace MlOps.Tests.Mlflow;

/// <summary>
/// Sends requests the way MLflow's Python client does (rest_utils.call_endpoint): GET fields as query parameters,
/// every other verb's fields as a JSON body, credentials in the Authorization header.
/// </summary>
internal sealed class MlflowWire(HttpClient http) : IDisposable
{
    public const string Tracking = "/api/2.0/mlflow/";
    public const string Artifacts = "/api/2.0/mlflow-artifacts/artifacts";

    public HttpClient Http => http;

    public static MlflowWire WithToken(MlOpsFactory app, string token)
    {
        var http = app.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return new MlflowWire(http);
    }

    public static MlflowWire WithPassword(MlOpsFactory app, string email, string password)
    {
        var http = app.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{email}:{password}")));
        return new MlflowWire(http);
    }

    public static async Task<MlflowWire> WithRoleAsync(MlOpsFactory app, string role)
    {
        using var admin = app.CreateAdminClient();
        var response = await admin.PostAsJsonAsync("/api/v1/admin/api-keys", new { name = $"mlflow-{role}-{Guid.NewGuid():N}", role });
        response.EnsureSuccessStatusCode();
        var key = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
        return WithToken(app, key);
    }

    public Task<Answer> PostAsync(string endpoint, object fields) => SendAsync(HttpMethod.Post, endpoint, JsonContent.Create(fields));

    public Task<Answer> PatchAsync(string endpoint, object fields) => SendAsync(HttpMethod.Patch, endpoint, JsonContent.Create(fields));

    public Task<Answer> DeleteAsync(string endpoint, object fields) => SendAsync(HttpMethod.Delete, endpoint, JsonContent.Create(fields));

    public Task<Answer> GetAsync(string endpoint, params (string Name, string Value)[] query) =>
        SendAsync(HttpMethod.Get, endpoint + "?" + string.Join("&", query.Select(q => $"{q.Name}={Uri.EscapeDataString(q.Value)}")), null);

    /// <summary>What HttpArtifactRepository.log_artifact sends: the file's bytes, PUT to the proxied artifact path.</summary>
    public Task<Answer> UploadAsync(string artifactUri, string path, byte[] content) =>
        SendAsync(HttpMethod.Put, $"{Artifacts}/{artifactUri["mlflow-artifacts:/".Length..]}/{path}", new ByteArrayContent(content));

    public async Task<byte[]> DownloadAsync(string artifactPath)
    {
        var response = await http.GetAsync($"{Artifacts}/{artifactPath}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsByteArrayAsync();
    }

    public void Dispose() => http.Dispose();

    private async Task<Answer> SendAsync(HttpMethod method, string endpoint, HttpContent? content)
    {
        using var request = new HttpRequestMessage(method, endpoint.StartsWith('/') ? endpoint : Tracking + endpoint) { Content = content };
        var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.Content.Headers.ContentType?.MediaType == "application/json", $"{method} {endpoint} answered {response.Content.Headers.ContentType}: {text}");
        return new Answer(response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }
}

internal sealed record Answer(HttpStatusCode Status, JsonElement Body)
{
    public JsonElement Ok()
    {
        Assert.True(Status == HttpStatusCode.OK, $"Expected 200, got {(int)Status}: {Body}");
        return Body;
    }

    /// <summary>Asserts MLflow's error shape (exactly error_code and message) and returns the message.</summary>
    public string Error(HttpStatusCode status, string code)
    {
        Assert.True(Status == status, $"Expected {(int)status}, got {(int)Status}: {Body}");
        Assert.Equal(["error_code", "message"], Body.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(code, Body.GetProperty("error_code").GetString());
        var message = Body.GetProperty("message").GetString();
        Assert.False(string.IsNullOrWhiteSpace(message));
        Assert.DoesNotContain("   at ", message);
        return message!;
    }
}

internal static class JsonFields
{
    public static string Text(this JsonElement element, string name) => element.GetProperty(name).GetString()!;

    public static IReadOnlyDictionary<string, string> Pairs(this JsonElement list, string valueName = "value") =>
        list.EnumerateArray().ToDictionary(e => e.Text("key"), e => e.GetProperty(valueName).ValueKind == JsonValueKind.Number
            ? e.GetProperty(valueName).GetDouble().ToString(System.Globalization.CultureInfo.InvariantCulture)
            : e.Text(valueName));
}
