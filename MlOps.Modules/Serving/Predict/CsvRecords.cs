namespace MlOps.Modules.Serving.Predict;

/// <summary>A batch of CSV rows addressed through the header's column names.</summary>
internal sealed class CsvRecords(IReadOnlyDictionary<string, int> header, IReadOnlyList<string[]> rows) : IRecordSet
{
    public int Count => rows.Count;

    public IReadOnlyList<string[]> Rows => rows;

    public RawValue Get(int row, string column) =>
        header.TryGetValue(column, out var index) && index < rows[row].Length ? new RawValue(RawKind.Field, 0, rows[row][index]) : RawValue.Missing;
}
