using System.Globalization;
using System.Runtime.CompilerServices;
using MlOps.Modules.Serving.Models;
using MlOps.Modules.Serving.Predict;

namespace MlOps.Modules.Serving.Batch.Scoring;

/// <summary>
/// Rows of a job's CSV, each checked against the model's columns as the predict API checks records (a bad
/// value fails the job, naming the row and column) and bound in place: numbers parsed from the row buffer, texts
/// as slices of it. Nothing is allocated per row.
/// </summary>
internal sealed class BatchRows(BatchModel model, int[] fieldOfColumn)
{
    private readonly float[] _numbers = new float[model.Columns.Count];
    private readonly ReadOnlyMemory<char>[] _texts = new ReadOnlyMemory<char>[model.Columns.Count];
    private readonly CsvRowReader _reader = new();

    /// <summary>The 1-based number of the current data row in the whole file (the header is row 0).</summary>
    public long Row { get; private set; }

    /// <summary>The current row as read, fields and all.</summary>
    public CsvRowReader Current => _reader;

    public float Number(int column) => _numbers[column];

    public ReadOnlyMemory<char> Text(int column) => _texts[column];

    /// <summary>Reads the rows of <paramref name="chunk"/> next, numbered as in the whole file.</summary>
    public void Start(RowChunk chunk)
    {
        _reader.Reset(chunk.Text, chunk.Length);
        Row = chunk.RowsBefore;
    }

    /// <exception cref="InvalidDataException">A value does not fit its column; the message names the row and column.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool MoveNext()
    {
        if (!_reader.Read()) return false;
        Row++;
        for (var c = 0; c < model.Columns.Count; c++)
        {
            var field = fieldOfColumn[c];
            if (field >= _reader.FieldCount) throw Invalid(c, RawValue.Missing);
            Bind(c, _reader[field]);
        }

        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Bind(int c, ReadOnlyMemory<char> value)
    {
        var column = model.Columns[c];
        var trimmed = value.Trim();
        var span = trimmed.Span;
        if (column.IsNumeric)
        {
            if (span.IsEmpty) _numbers[c] = float.NaN;
            else if (float.TryParse(span, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && float.IsFinite(number)) _numbers[c] = number;
            else throw Invalid(c, value);
            return;
        }

        if (!span.IsEmpty && (column.Kind == InputKind.Image
                || (model.Categories[c] is { } known && !known.Contains(span))
                || (column.Kind == InputKind.Date && !DateTime.TryParse(span, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out _))))
            throw Invalid(c, value);
        _texts[c] = trimmed;
    }

    /// <summary>The predict API's own words for what is wrong, so a batch job and a request explain a value alike.</summary>
    private InvalidDataException Invalid(int c, ReadOnlyMemory<char> value) => Invalid(c, new RawValue(RawKind.Field, 0, value.ToString()));

    private InvalidDataException Invalid(int c, RawValue value)
    {
        var column = model.Columns[c];
        var problem = RecordBinder.Fill(column, value, model.Info.NewRow(), c) ?? "could not be read.";
        return new InvalidDataException($"Row {Row}: column '{column.Name}' {problem}");
    }
}
