using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace MlOps.Modules.Mlflow.Protocol;

/// <summary>
/// MLflow's wire format: snake_case names, nulls left out, and int64 fields accepted as strings because protobuf's
/// JSON mapping writes them that way.
/// </summary>
internal static class MlflowJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
    };

    /// <summary>MLflow clients send GET fields as query parameters and every other verb's fields as a JSON body.</summary>
    public static async ValueTask<T> ReadAsync<T>(HttpRequest request) where T : class
    {
        try
        {
            if (HttpMethods.IsGet(request.Method)) return FromQuery<T>(request.Query);
            var body = await JsonSerializer.DeserializeAsync<T>(request.Body, Options, request.HttpContext.RequestAborted);
            return body ?? throw new BadHttpRequestException("Send the request's fields as a JSON object.");
        }
        catch (JsonException error)
        {
            throw new BadHttpRequestException("The request's fields could not be read.", error);
        }
    }

    private static T FromQuery<T>(IQueryCollection query)
    {
        var fields = new JsonObject();
        foreach (var (key, values) in query)
            fields[key] = values.Count == 1 ? JsonValue.Create(values[0]) : new JsonArray(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
        return fields.Deserialize<T>(Options)!;
    }
}

/// <summary>Binds an MLflow request of type <typeparamref name="T"/> from the query (GET) or the JSON body (other verbs).</summary>
internal sealed record MlflowRequest<T>(T Fields) where T : class
{
    public static async ValueTask<MlflowRequest<T>?> BindAsync(HttpContext context) =>
        new(await MlflowJson.ReadAsync<T>(context.Request));
}
