using System.Text.Json;
using MlOps.Modules.Pipeline.Contracts;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace MlOps.Modules.Pipeline.Definitions;

/// <summary>The YAML form of a definition has the same fields as the JSON form.</summary>
internal static class PipelineYaml
{
    public const string MediaType = "application/yaml";

    private static readonly IDeserializer Reader = new DeserializerBuilder().WithAttemptingUnquotedStringTypeDeserialization().Build();

    private static readonly ISerializer Writer = new SerializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .ConfigureDefaultValuesHandling(DefaultValuesHandling.OmitNull)
        .WithAttributeOverride<PipelineDefinition>(d => d.ModelName!, new YamlIgnoreAttribute())
        .Build();

    public static bool IsYaml(string? contentType) =>
        contentType is not null && (contentType.StartsWith(MediaType, StringComparison.OrdinalIgnoreCase)
            || contentType.StartsWith("text/yaml", StringComparison.OrdinalIgnoreCase)
            || contentType.StartsWith("application/x-yaml", StringComparison.OrdinalIgnoreCase));

    /// <exception cref="FormatException">The text is not YAML of a pipeline definition; the message says where.</exception>
    public static PipelineDefinition Parse(string yaml, JsonSerializerOptions json)
    {
        object? tree;
        try
        {
            tree = Reader.Deserialize<object>(yaml);
        }
        catch (YamlException error)
        {
            throw new FormatException($"The YAML is malformed at line {error.Start.Line}, column {error.Start.Column}: {error.Message}");
        }

        try
        {
            return JsonSerializer.Deserialize<PipelineDefinition>(JsonSerializer.Serialize(Normalize(tree), json), json)
                ?? throw new FormatException("The YAML document is empty.");
        }
        catch (JsonException error)
        {
            throw new FormatException($"The YAML does not describe a pipeline: {error.Message.Split(" Path:")[0]} (at {error.Path}).");
        }
    }

    public static string Write(PipelineDefinition definition) => Writer.Serialize(definition);

    private static object? Normalize(object? node) => node switch
    {
        IDictionary<object, object?> map => map.ToDictionary(e => e.Key.ToString()!, e => Normalize(e.Value)),
        IList<object?> list => list.Select(Normalize).ToList(),
        _ => node,
    };
}
