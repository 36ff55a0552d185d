namespace MlOps.Modules.Registry.Contracts;

public enum ModelFormat
{
    MlNet,
    Onnx,

    /// <summary>An MLflow model folder in flavors MlOps does not serve (a pickle, a PyTorch state dict), stored zipped as it was logged and never loaded.</summary>
    MlflowFolder,
}

public static class ModelFormats
{
    /// <summary>Whether Serving can load a version of this format; the others are stored with their lineage but never loaded or promoted.</summary>
    public static bool IsServable(this ModelFormat format) => format is ModelFormat.MlNet or ModelFormat.Onnx;
}

/// <summary>A tensor as ONNX Runtime declares it: -1 marks a dimension the caller chooses (the batch, usually).</summary>
public sealed record TensorSpec(string Name, string ElementType, IReadOnlyList<long> Shape);

/// <summary>Which tensor carries which columns, in order along its last dimension.</summary>
public sealed record SignatureInput(string Tensor, IReadOnlyList<string> Columns);

/// <summary>Classification names a <see cref="Scores"/> tensor and its <see cref="Labels"/>; regression names a <see cref="Value"/> tensor.</summary>
public sealed record SignatureOutputs(string? Scores = null, IReadOnlyList<string>? Labels = null, string? Value = null);

/// <summary>How an image becomes the input tensor: resized, scaled, then normalised per channel as <c>(x * scale - mean) / std</c>.</summary>
public sealed record ImageSignature(string Tensor, int Width, int Height, int Channels, float Scale = 1f, IReadOnlyList<float>? Mean = null, IReadOnlyList<float>? Std = null, string Layout = "NCHW");

/// <summary>What an uploaded ONNX model means: its task, tabular <see cref="Inputs"/> or an <see cref="Image"/>, and its outputs.</summary>
public sealed record OnnxSignature(string Task, IReadOnlyList<SignatureInput>? Inputs, SignatureOutputs Outputs, ImageSignature? Image = null);

/// <summary>An ONNX version's tensors as its file declares them, and the signature serving reads them through.</summary>
public sealed record OnnxModelSchema(IReadOnlyList<TensorSpec> Inputs, IReadOnlyList<TensorSpec> Outputs, OnnxSignature Signature);
