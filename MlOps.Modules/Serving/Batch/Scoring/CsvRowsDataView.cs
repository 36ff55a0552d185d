using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlOps.Modules.Serving.Batch.Scoring;

/// <summary>
/// The rows of a CSV as an ML.NET <see cref="IDataView"/> that streams: one forward-only cursor over the file,
/// whose getters read the row being scored, so <c>Transform</c> scores a file of any length in constant memory.
/// </summary>
internal sealed class CsvRowsDataView(DataViewSchema schema, BatchRows rows) : IDataView
{
    private int _cursors;

    public bool CanShuffle => false;

    public DataViewSchema Schema => schema;

    public long? GetRowCount() => null;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        if (Interlocked.Increment(ref _cursors) > 1) throw new InvalidOperationException("A CSV stream is read once: it has one cursor.");
        return new Cursor(schema, rows);
    }

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];

    private sealed class Cursor(DataViewSchema schema, BatchRows rows) : DataViewRowCursor
    {
        private long _position = -1;

        public override DataViewSchema Schema => schema;

        public override long Position => _position;

        public override long Batch => 0;

        public override bool MoveNext()
        {
            if (!rows.MoveNext()) return false;
            _position++;
            return true;
        }

        public override bool IsColumnActive(DataViewSchema.Column column) => true;

        public override ValueGetter<DataViewRowId> GetIdGetter() => (ref DataViewRowId id) => id = new DataViewRowId((ulong)_position, 0);

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
}
