namespace MlOps.Modules.Serving.Predict;

internal enum RawKind
{
    Missing,
    Null,
    Number,
    String,
    Boolean,

    /// <summary>A JSON object or array where a single value belongs.</summary>
    Structure,

    /// <summary>A CSV field: text that a numeric column parses.</summary>
    Field,
}

/// <summary>A value as the caller sent it, before it meets the column's type.</summary>
internal readonly record struct RawValue(RawKind Kind, double Number = 0, string? Text = null)
{
    public static readonly RawValue Missing = new(RawKind.Missing);
    public static readonly RawValue Null = new(RawKind.Null);
}

/// <summary>Records in any of the accepted shapes, read by row and column name.</summary>
internal interface IRecordSet
{
    int Count { get; }

    RawValue Get(int row, string column);
}
