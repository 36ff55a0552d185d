using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlOps.Modules.Serving.Batch.Scoring;

/// <summary>
/// The CSV row being scored, as the ML.NET row a model's row-to-row mapper reads: its getters read the row in
/// place, and its position moves with the file, so the mapper recomputes its outputs once per row.
/// </summary>
internal sealed class CsvInputRow(DataViewSchema schema, BatchRows rows) : DataViewRow
{
    public override DataViewSchema Schema => schema;

    public override long Position => rows.Row - 1;

    public override long Batch => 0;

    public override bool IsColumnActive(DataViewSchema.Column column) => true;

    public override ValueGetter<DataViewRowId> GetIdGetter() => (ref DataViewRowId id) => id = new DataViewRowId((ulong)Position, 0);

    public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
    {
        var index = column.Index;
        if (typeof(TValue) == typeof(float))
            return (ValueGetter<TValue>)(Delegate)new ValueGetter<float>((ref float value) => value = rows.Number(index));
        if (typeof(TValue) == typeof(ReadOnlyMemory<char>))
            return (ValueGetter<TValue>)(Delegate)new ValueGetter<ReadOnlyMemory<char>>((ref ReadOnlyMemory<char> value) => value = rows.Text(index));
        throw new InvalidOperationException($"Column '{column.Name}' is read as {column.Type}, not as {typeof(TValue).Name}.");
    }
}
