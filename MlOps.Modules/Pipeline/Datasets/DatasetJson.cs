using System.Text.Json;
using System.Text.Json.Serialization;

namespace MlOps.Modules.Pipeline.Datasets;

internal static class DatasetJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Deserialize<T>(string json) => JsonSerializer.Deserialize<T>(json, Options)
        ?? throw new InvalidDataException($"Stored dataset JSON did not hold a {typeof(T).Name}.");
}
