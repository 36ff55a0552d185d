using MlOps.Modules.Registry.Contracts;

namespace MlOps.Modules.Registry.Artifacts;

/// <summary>Checks a signature against the tensors a model declares, or reads one from them when none was given.</summary>
internal static class OnnxSignatures
{
    public const string ImageColumn = "Image";
    private static readonly string[] Tasks = ["MulticlassClassification", "BinaryClassification", "Regression"];

    public static IReadOnlyList<SchemaColumn> Columns(OnnxModelSchema schema) => schema.Signature.Image is not null
        ? [new SchemaColumn(ImageColumn, "Image")]
        : schema.Signature.Inputs!.SelectMany(input =>
        {
            var kind = schema.Inputs.First(t => t.Name == input.Tensor).ElementType == "String" ? "Text" : "Numeric";
            return input.Columns.Select(column => new SchemaColumn(column, kind));
        }).ToList();

    /// <summary>
    /// Each input of shape [-1, 1] or [-1] is the column of its name, as ML.NET's own export writes them; a single input of
    /// shape [-1, n] is a row of the n <paramref name="columns"/> when they are given (an MLflow model's column signature).
    /// </summary>
    public static (OnnxSignature? Signature, string? Problem) Infer(IReadOnlyList<TensorSpec> inputs, IReadOnlyList<TensorSpec> outputs, IReadOnlyList<SchemaColumn>? columns = null)
    {
        var row = columns is { Count: > 0 } && inputs is [{ Shape: [_, var width] } only] && IsServable(only) && (width == columns.Count || width < 0);
        if (!row && inputs.FirstOrDefault(i => !IsColumn(i)) is { } other)
            return (null, $"The input '{other.Name}' has shape [{string.Join(", ", other.Shape)}]; without a signature every input must be one column ([-1, 1] or [-1]). Send a signature that maps it.");
        var floats = outputs.Where(o => o.ElementType == "Float" && o.Shape.Count is 1 or 2).ToList();
        var scores = floats.FirstOrDefault(o => o.Shape.Count == 2 && o.Shape[1] > 1);
        var value = floats.FirstOrDefault(o => o.Shape.Count == 1 || o.Shape[1] == 1);
        List<SignatureInput> mapped = row ? [new SignatureInput(inputs[0].Name, columns!.Select(c => c.Name).ToList())] : inputs.Select(i => new SignatureInput(i.Name, [i.Name])).ToList();
        if (scores is not null)
        {
            var labels = Enumerable.Range(0, (int)scores.Shape[1]).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
            return (new OnnxSignature(Tasks[0], mapped, new SignatureOutputs(Scores: scores.Name, Labels: labels)), null);
        }

        return value is not null
            ? (new OnnxSignature("Regression", mapped, new SignatureOutputs(Value: value.Name)), null)
            : (null, "No output holds class scores ([-1, k]) or a value ([-1] or [-1, 1]); send a signature naming the output to read.");
    }

    public static (OnnxSignature? Signature, string? Problem) Check(OnnxSignature signature, IReadOnlyList<TensorSpec> inputs, IReadOnlyList<TensorSpec> outputs)
    {
        if (!Tasks.Contains(signature.Task))
            return (null, $"The signature's task '{signature.Task}' is not one of {string.Join(", ", Tasks)}.");
        var problem = (signature.Inputs, signature.Image) switch
        {
            (null, null) => "The signature needs 'inputs' (tabular) or 'image'.",
            ({ }, { }) => "The signature has both 'inputs' and 'image'; give one.",
            (null, { } image) => CheckImage(image, inputs),
            ({ } tabular, null) => CheckTabular(tabular, inputs),
        };
        return (problem ?? CheckOutputs(signature, outputs)) is { } found ? (null, found) : (signature, null);
    }

    private static string? CheckTabular(IReadOnlyList<SignatureInput> tabular, IReadOnlyList<TensorSpec> inputs)
    {
        foreach (var input in tabular)
        {
            if (inputs.FirstOrDefault(t => t.Name == input.Tensor) is not { } tensor) return Missing("input", input.Tensor, inputs);
            if (!IsServable(tensor)) return $"The input '{tensor.Name}' holds {tensor.ElementType}; MlOps fills float and string inputs.";
            if (input.Columns is not { Count: > 0 } || input.Columns.Any(string.IsNullOrWhiteSpace)) return $"The input '{tensor.Name}' names no columns.";
            var width = tensor.Shape.Count switch { 1 => 1, 2 => tensor.Shape[1], _ => 0 };
            if (width == 0 || (width > 0 && width != input.Columns.Count))
                return $"The input '{tensor.Name}' has shape [{string.Join(", ", tensor.Shape)}] but the signature gives it {input.Columns.Count} column(s).";
        }

        var columns = tabular.SelectMany(i => i.Columns).ToList();
        if (columns.Distinct(StringComparer.Ordinal).Count() != columns.Count) return "The signature names a column twice.";
        return inputs.FirstOrDefault(t => tabular.All(i => i.Tensor != t.Name)) is { } unmapped
            ? $"The model's input '{unmapped.Name}' is not in the signature; map every input."
            : null;
    }

    private static string? CheckImage(ImageSignature image, IReadOnlyList<TensorSpec> inputs)
    {
        if (inputs.FirstOrDefault(t => t.Name == image.Tensor) is not { } tensor) return Missing("input", image.Tensor, inputs);
        if (inputs.Count != 1) return "An image model takes exactly one input.";
        if (tensor.ElementType != "Float" || tensor.Shape.Count != 4) return $"The image input '{tensor.Name}' must be a 4-dimensional float tensor.";
        if (image.Layout is not ("NCHW" or "NHWC")) return "The image layout is NCHW or NHWC.";
        if (image.Channels is not (1 or 3)) return "An image has 1 (grey) or 3 (RGB) channels.";
        if (image.Width is < 1 or > 4096 || image.Height is < 1 or > 4096) return "The image width and height are between 1 and 4096.";
        if (image.Mean is { } mean && mean.Count != image.Channels || image.Std is { } std && (std.Count != image.Channels || std.Any(s => s == 0)))
            return "The image mean and std give one value per channel, and no std is 0.";
        long[] expected = image.Layout == "NCHW" ? [-1, image.Channels, image.Height, image.Width] : [-1, image.Height, image.Width, image.Channels];
        for (var d = 1; d < 4; d++)
        {
            if (tensor.Shape[d] > 0 && tensor.Shape[d] != expected[d])
                return $"The image input '{tensor.Name}' has shape [{string.Join(", ", tensor.Shape)}], which does not fit {image.Layout} {image.Channels}x{image.Height}x{image.Width}.";
        }

        return null;
    }

    private static string? CheckOutputs(OnnxSignature signature, IReadOnlyList<TensorSpec> outputs)
    {
        var named = signature.Outputs;
        if (signature.Task == "Regression")
        {
            if (named.Value is null) return "A regression signature names its 'value' output.";
            return outputs.Any(o => o.Name == named.Value) ? null : Missing("output", named.Value, outputs);
        }

        if (named.Scores is null || named.Labels is not { Count: > 1 }) return "A classification signature names its 'scores' output and at least two 'labels'.";
        if (outputs.FirstOrDefault(o => o.Name == named.Scores) is not { } scores) return Missing("output", named.Scores, outputs);
        if (scores.ElementType != "Float") return $"The scores output '{scores.Name}' holds {scores.ElementType}, not float.";
        var width = scores.Shape.Count > 0 ? scores.Shape[^1] : 0;
        return width > 0 && width != named.Labels.Count ? $"The scores output '{scores.Name}' has {width} classes but the signature gives {named.Labels.Count} labels." : null;
    }

    private static bool IsColumn(TensorSpec input) =>
        IsServable(input) && (input.Shape.Count == 1 || (input.Shape.Count == 2 && input.Shape[1] == 1));

    private static bool IsServable(TensorSpec tensor) => tensor.ElementType is "Float" or "String";

    private static string Missing(string kind, string name, IReadOnlyList<TensorSpec> tensors) =>
        $"The signature names the {kind} '{name}', which the model does not have; its {kind}s are {string.Join(", ", tensors.Select(t => $"'{t.Name}'"))}.";
}
