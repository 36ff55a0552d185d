using System.Runtime.CompilerServices;
using MlOps.Modules.Serving.Models;

namespace MlOps.Modules.Serving.OpenInference;

/// <summary>A tensor as the Open Inference Protocol names it: -1 marks the dimension a caller chooses.</summary>
internal sealed record InferenceTensor(string Name, string Datatype, IReadOnlyList<long> Shape);

/// <summary>
/// A served version seen as tensors. An ONNX version shows its own input tensors, each carrying signature columns in
/// order along its last dimension (or an image); an ML.NET version shows one tensor per column, or, for an image model,
/// one BYTES tensor of picture files. Outputs are the label
/// and the class probabilities, or the value.
/// </summary>
internal sealed record InferenceInput(InferenceTensor Tensor, IReadOnlyList<string> Columns, bool IsImage);

/// <summary>A loaded version's tensors, worked out once per version rather than on every request.</summary>
internal sealed record ModelTensors(IReadOnlyList<InferenceInput> Inputs, IReadOnlyList<InferenceTensor> Outputs);

internal static class InferenceTensors
{
    public const string Label = "label";
    public const string Probabilities = "probabilities";
    public const string Value = "value";

    // Keyed by the loaded version itself, so an entry goes when the model cache drops the version.
    private static readonly ConditionalWeakTable<LoadedModel, ModelTensors> Described = new();

    public static string Platform(LoadedModel model) => model.Onnx is null ? "mlnet" : "onnxruntime_onnx";

    public static ModelTensors Of(LoadedModel model) => Described.GetValue(model, m => new ModelTensors(Inputs(m), Outputs(m)));

    private static IReadOnlyList<InferenceInput> Inputs(LoadedModel model)
    {
        if (model.Onnx is not { } onnx)
        {
            return model.IsImageModel
                ? [new InferenceInput(new InferenceTensor(model.Columns[0].Name, "BYTES", [-1]), [model.Columns[0].Name], true)]
                : model.Columns.Select(c => new InferenceInput(new InferenceTensor(c.Name, c.IsNumeric ? "FP32" : "BYTES", [-1, 1]), [c.Name], false)).ToList();
        }

        if (onnx.Signature.Image is { } image)
            return [new InferenceInput(Declared(onnx.Inputs.First(t => t.Name == image.Tensor)), [], true)];
        return onnx.Signature.Inputs!.Select(i => new InferenceInput(Declared(onnx.Inputs.First(t => t.Name == i.Tensor)), i.Columns, false)).ToList();
    }

    private static IReadOnlyList<InferenceTensor> Outputs(LoadedModel model)
    {
        var outputs = model.Onnx?.Signature.Outputs;
        if (model.Task == "Regression") return [new InferenceTensor(outputs?.Value ?? Value, "FP32", [-1])];
        return [new InferenceTensor(Label, "BYTES", [-1]), new InferenceTensor(outputs?.Scores ?? Probabilities, "FP32", [-1, model.Labels.Count])];
    }

    private static InferenceTensor Declared(Registry.Contracts.TensorSpec tensor) =>
        new(tensor.Name, tensor.ElementType == "String" ? "BYTES" : "FP32", tensor.Shape.Select(d => d < 0 ? -1 : d).ToList());
}
