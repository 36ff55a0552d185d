using MlOps.Modules.Pipeline.Contracts;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace MlOps.Modules.Pipeline.Definitions;

/// <summary>Writes a definition as YAML, with the same fields as the JSON form (JSON or YAML bodies are read by <c>JsonOrYamlBody</c>).</summary>
internal static class PipelineYaml
{
    private static readonly ISerializer Writer = new SerializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .ConfigureDefaultValuesHandling(DefaultValuesHandling.OmitNull)
        .WithAttributeOverride<PipelineDefinition>(d => d.ModelName!, new YamlIgnoreAttribute())
        .Build();

    public static string Write(PipelineDefinition definition) => Writer.Serialize(definition);
}
