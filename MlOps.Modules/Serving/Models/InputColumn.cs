namespace MlOps.Modules.Serving.Models;

internal enum InputKind
{
    Numeric,
    Categorical,
    Boolean,
    Date,
    Text,
    Image,
}

/// <summary>
/// A column the model reads, with the categories seen in training when they are known in full; an image column
/// may be read with its mirror image too (<see cref="FlipPass"/>).
/// </summary>
internal sealed record InputColumn(string Name, InputKind Kind, double? Min, double? Max, IReadOnlySet<string>? Categories, bool FlipPass = false)
{
    public bool IsNumeric => Kind == InputKind.Numeric;
}

/// <summary>One record in model order: numbers where the column is numeric, text elsewhere.</summary>
internal sealed class InputRow(int columns)
{
    public float[] Numbers { get; } = new float[columns];

    public string[] Texts { get; } = new string[columns];

    /// <summary>An image model's input tensor given as numbers (Open Inference Protocol callers send one) instead of a picture.</summary>
    public float[]? Tensor { get; set; }
}
