namespace MlOps.Modules.Pipeline.Contracts;

/// <summary>
/// The raw values of one column of a <see cref="ReferenceSample"/>, one per sampled row: <see cref="Numbers"/> for
/// a numeric column, <see cref="Values"/> (trimmed text) for a categorical or boolean one; null where the value is
/// missing. <see cref="Count"/> and <see cref="Missing"/> describe the whole version, not just the sample.
/// </summary>
public sealed record ReferenceColumn(
    string Name,
    ColumnType Type,
    int Count,
    int Missing,
    IReadOnlyList<double?>? Numbers = null,
    IReadOnlyList<string?>? Values = null)
{
    /// <summary>Rows of the whole version where the column has a value.</summary>
    public int Present => Count - Missing;
}

/// <summary>
/// Rows of a dataset version for the tests that need raw values rather than histograms (Kolmogorov–Smirnov,
/// Wasserstein): every row when the version has at most the requested number, otherwise a uniform sample drawn with
/// a fixed seed, so a version always yields the same sample. Tabular versions keep their numeric, categorical and
/// boolean columns; image versions have one row per image with the <see cref="ImageMeasures"/> and the class label.
/// </summary>
public sealed record ReferenceSample(string Dataset, int Version, DatasetKind Kind, int RowCount, int SampledRows, IReadOnlyList<ReferenceColumn> Columns)
{
    public ReferenceColumn? Column(string name) => Columns.FirstOrDefault(c => c.Name == name);
}
