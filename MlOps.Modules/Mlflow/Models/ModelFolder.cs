using MlOps.Modules.Experiments.Contracts;
using YamlDotNet.RepresentationModel;

namespace MlOps.Modules.Mlflow.Models;

/// <summary>A flavor MlOps can serve, and the key of its MLmodel section that names the model file in the folder.</summary>
internal sealed record ServableFlavor(string Name, string FileKey);

/// <summary>
/// An MLflow model folder in a run's artifacts: its <c>MLmodel</c> file says which flavors it holds. MlOps reads only
/// that YAML and never loads or executes a model it cannot serve (pickles, PyTorch state dicts).
/// </summary>
internal sealed record ModelFolder(string Path, IReadOnlyList<string> Flavors, ServableFlavor? Servable, string? ModelFile)
{
    public const string DescriptorName = "MLmodel";

    /// <summary>The flavors MlOps serves, in order of preference. An <c>onnx</c> flavor (key <c>data</c>) joins here once the Registry registers ONNX files.</summary>
    public static readonly IReadOnlyList<ServableFlavor> ServableFlavors = [new("mlnet", "model_path")];

    public static async Task<(ModelFolder? Folder, string? Problem)> ReadAsync(IExperimentTracker tracker, string runId, string path, CancellationToken cancellationToken)
    {
        var descriptor = $"{path}/{DescriptorName}";
        var opened = await tracker.OpenArtifactAsync(runId, descriptor, cancellationToken);
        if (!opened.Succeeded) return (null, $"Run {runId} has no MLflow model at '{path}' (no {descriptor}).");
        var yaml = new YamlStream();
        try
        {
            await using var stream = opened.Value!;
            using var reader = new StreamReader(stream);
            yaml.Load(reader);
        }
        catch (YamlDotNet.Core.YamlException error)
        {
            return (null, $"{descriptor} is not valid YAML: {error.Message}");
        }

        if (yaml.Documents.FirstOrDefault()?.RootNode is not YamlMappingNode root
            || !root.Children.TryGetValue(new YamlScalarNode("flavors"), out var flavorsNode) || flavorsNode is not YamlMappingNode flavors)
            return (null, $"{descriptor} declares no flavors.");

        var names = flavors.Children.Keys.OfType<YamlScalarNode>().Select(k => k.Value!).ToList();
        foreach (var servable in ServableFlavors)
        {
            if (flavors.Children.TryGetValue(new YamlScalarNode(servable.Name), out var section) && section is YamlMappingNode settings
                && settings.Children.TryGetValue(new YamlScalarNode(servable.FileKey), out var file) && file is YamlScalarNode { Value: { Length: > 0 } name })
                return (new ModelFolder(path, names, servable, $"{path}/{name}"), null);
        }

        return (new ModelFolder(path, names, null, null), null);
    }
}
