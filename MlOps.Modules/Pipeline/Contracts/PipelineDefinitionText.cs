using MlOps.Modules.Pipeline.Definitions;
using MlOps.Modules.Pipeline.Training.Evaluation;

namespace MlOps.Modules.Pipeline.Contracts;

/// <summary>The YAML form of a definition, as <c>GET /pipelines/{name}</c> answers with <c>Accept: application/yaml</c>.</summary>
public static class PipelineDefinitionYaml
{
    public static string Write(PipelineDefinition definition) => PipelineYaml.Write(definition);
}

/// <summary>The metrics a pipeline of a task can optimize; the first is the default.</summary>
public static class OptimizeMetrics
{
    public static IReadOnlyList<string> For(TrainingTask task) => MetricNames.For(task);

    public static string DefaultFor(TrainingTask task) => MetricNames.DefaultFor(task);
}
