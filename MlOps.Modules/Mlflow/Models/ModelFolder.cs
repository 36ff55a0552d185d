using System.Text.Json;
using MlOps.Modules.Experiments.Contracts;
using MlOps.Modules.Mlflow.Protocol;
using MlOps.Modules.Registry.Contracts;
using YamlDotNet.RepresentationModel;

namespace MlOps.Modules.Mlflow.Models;

/// <summary>A flavor MlOps can serve, the keys of its MLmodel section that may name the model file, and the Registry format it registers as.</summary>
internal sealed record ServableFlavor(string Name, IReadOnlyList<string> FileKeys, ModelFormat Format);

/// <summary>
/// An MLflow model folder in a run's artifacts: its <c>MLmodel</c> file says which flavors it holds and, in a column
/// signature, which columns the model reads. MlOps reads only that YAML and never loads or executes a model it cannot
/// serve (pickles, PyTorch state dicts).
/// </summary>
internal sealed record ModelFolder(string Path, IReadOnlyList<string> Flavors, ServableFlavor? Servable, string? ModelFile, IReadOnlyList<SchemaColumn>? Columns)
{
    public const string DescriptorName = "MLmodel";

    /// <summary>The flavors MlOps serves, in order of preference. MLflow's onnx flavor names its file under <c>data</c>; some writers use <c>model_data</c>.</summary>
    public static readonly IReadOnlyList<ServableFlavor> ServableFlavors =
    [
        new("mlnet", ["model_path"], ModelFormat.MlNet),
        new("onnx", ["data", "model_data"], ModelFormat.Onnx),
    ];

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
        var (columns, signatureProblem) = ReadColumns(root);
        if (signatureProblem is not null) return (null, $"{descriptor}: {signatureProblem}");
        foreach (var servable in ServableFlavors)
        {
            if (!flavors.Children.TryGetValue(new YamlScalarNode(servable.Name), out var section) || section is not YamlMappingNode settings) continue;
            foreach (var key in servable.FileKeys)
            {
                if (settings.Children.TryGetValue(new YamlScalarNode(key), out var file) && file is YamlScalarNode { Value: { Length: > 0 } name })
                    return (new ModelFolder(path, names, servable, $"{path}/{name}", columns), null);
            }
        }

        return (new ModelFolder(path, names, null, null, columns), null);
    }

    /// <summary>
    /// The columns of a column signature (<c>signature.inputs</c>, a JSON list of <c>{name, type}</c>); null for a tensor
    /// signature or none. Strings are text columns, every other MLflow column type is numeric.
    /// </summary>
    private static (IReadOnlyList<SchemaColumn>? Columns, string? Problem) ReadColumns(YamlMappingNode root)
    {
        if (!root.Children.TryGetValue(new YamlScalarNode("signature"), out var node) || node is not YamlMappingNode signature
            || !signature.Children.TryGetValue(new YamlScalarNode("inputs"), out var inputs) || inputs is not YamlScalarNode { Value: { Length: > 0 } json })
            return (null, null);
        List<MlflowColumnSpec>? specs;
        try
        {
            specs = JsonSerializer.Deserialize<List<MlflowColumnSpec>>(json, MlflowJson.Options);
        }
        catch (JsonException error)
        {
            return (null, $"signature.inputs is not the JSON list MLflow writes: {error.Message}");
        }

        if (specs is null || specs.Count == 0 || specs.Any(s => s?.Type == "tensor")) return (null, null);
        if (specs.Any(s => s is null || string.IsNullOrWhiteSpace(s.Name))) return (null, "signature.inputs has a column without a name.");
        return (specs.Select(s => new SchemaColumn(s.Name!, s.Type == "string" ? "Text" : "Numeric")).ToList(), null);
    }

    private sealed record MlflowColumnSpec(string? Name, string? Type);
}
