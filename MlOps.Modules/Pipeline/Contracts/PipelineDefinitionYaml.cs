using MlOps.Modules.Pipeline.Definitions;

namespace MlOps.Modules.Pipeline.Contracts;

/// <summary>The YAML form of a definition, as <c>GET /pipelines/{name}</c> answers with <c>Accept: application/yaml</c>.</summary>
public static class PipelineDefinitionYaml
{
    public static string Write(PipelineDefinition definition) => PipelineYaml.Write(definition);
}
