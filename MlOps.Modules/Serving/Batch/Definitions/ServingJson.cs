using System.Text.Json;
using System.Text.Json.Serialization;
using MlOps.Modules.Serving.Contracts;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace MlOps.Modules.Serving.Batch.Definitions;

/// <summary>How definitions are stored and written back: JSON in the database, YAML for people.</summary>
internal static class ServingJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private static readonly ISerializer Yaml = new SerializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .ConfigureDefaultValuesHandling(DefaultValuesHandling.OmitNull)
        .WithAttributeOverride<BatchTarget>(t => t.FileName, new YamlIgnoreAttribute())
        .Build();

    public static string Serialize(BatchDefinition definition) => JsonSerializer.Serialize(definition, Options);

    public static BatchDefinition Deserialize(string json) => JsonSerializer.Deserialize<BatchDefinition>(json, Options)!;

    public static string ToYaml(BatchDefinition definition) => Yaml.Serialize(definition);
}
