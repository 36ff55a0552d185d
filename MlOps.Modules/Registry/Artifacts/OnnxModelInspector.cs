using Microsoft.Extensions.Options;
using Microsoft.ML.OnnxRuntime;
using MlOps.Modules.Registry.Contracts;

namespace MlOps.Modules.Registry.Artifacts;

/// <summary>
/// Proves an uploaded file is an ONNX model MlOps can serve before it is registered: no data in other files, operator
/// sets ONNX Runtime knows, declared shapes of a bounded size, a successful load, and a signature that fits its tensors.
/// </summary>
internal sealed class OnnxModelInspector(IOptions<RegistryOptions> options)
{
    private const int MaxRank = 8;
    private static readonly Dictionary<string, (long Min, long Max)> Opsets = new(StringComparer.Ordinal)
    {
        [""] = (7, 23),
        ["ai.onnx.ml"] = (1, 5),
    };

    /// <summary><paramref name="columns"/> name the columns of a model without a signature whose one input is a row of them.</summary>
    public (InspectedModel? Model, string? Problem) Inspect(byte[] content, OnnxSignature? signature, IReadOnlyList<SchemaColumn>? columns = null)
    {
        if (Scan(content) is { } scanProblem) return (null, scanProblem);
        List<TensorSpec> inputs, outputs;
        try
        {
            using var session = new InferenceSession(content);
            inputs = session.InputMetadata.Select(i => Spec(i.Key, i.Value)).ToList();
            outputs = session.OutputMetadata.Select(o => Spec(o.Key, o.Value)).ToList();
        }
        catch (OnnxRuntimeException e)
        {
            return (null, $"The file does not load in ONNX Runtime: {e.Message}");
        }

        if (inputs.FirstOrDefault(i => TooLarge(i) is not null) is { } huge) return (null, TooLarge(huge));
        var (resolved, problem) = signature is null ? OnnxSignatures.Infer(inputs, outputs, columns) : OnnxSignatures.Check(signature, inputs, outputs);
        if (resolved is null) return (null, problem);
        var schema = new OnnxModelSchema(inputs, outputs, resolved);
        return (new InspectedModel(OnnxSignatures.Columns(schema), schema, resolved.Task, resolved.Outputs.Labels), null);
    }

    private static string? Scan(byte[] content)
    {
        OnnxFileScan.Result scan;
        try
        {
            scan = OnnxFileScan.Read(content);
        }
        catch (InvalidDataException e)
        {
            return $"The file is not an ONNX model: {e.Message}";
        }

        if (scan.ExternalTensor is { } tensor)
            return $"The tensor '{tensor}' keeps its data in a file outside the model; upload a model with its weights inside it.";
        if (!scan.Opsets.ContainsKey("")) return "The file is not an ONNX model: it imports no ONNX operator set.";
        foreach (var (domain, version) in scan.Opsets)
        {
            if (!Opsets.TryGetValue(domain, out var range))
                return $"The model uses the operator domain '{domain}'; MlOps serves the ONNX and ONNX-ML operator sets only.";
            if (version < range.Min || version > range.Max)
                return $"The model imports {(domain == "" ? "ONNX" : domain)} operator set {version}; MlOps serves {range.Min} to {range.Max}.";
        }

        return null;
    }

    private string? TooLarge(TensorSpec input)
    {
        if (input.Shape.Count > MaxRank) return $"The input '{input.Name}' has {input.Shape.Count} dimensions; at most {MaxRank} are served.";
        var elements = input.Shape.Aggregate(1.0, (total, d) => total * Math.Max(d, 1));
        var limit = options.Value.MaxOnnxInputElements;
        return elements > limit ? $"The input '{input.Name}' declares {elements:N0} values per call; the limit is {limit:N0}." : null;
    }

    private static TensorSpec Spec(string name, NodeMetadata metadata) => new(
        name,
        metadata.IsTensor ? metadata.ElementDataType.ToString() : metadata.OnnxValueType.ToString(),
        metadata.IsTensor ? metadata.Dimensions.Select(d => (long)d).ToList() : []);
}
