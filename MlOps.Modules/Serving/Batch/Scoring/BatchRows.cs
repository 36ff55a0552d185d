using System.Globalization;
using MlOps.Modules.Serving.Models;
using MlOps.Modules.Serving.Predict;

namespace MlOps.Modules.Serving.Batch.Scoring;

/// <summary>
/// The CSV rows of a job, each checked against the model's columns as the predict API checks records (a bad
/// value fails the job, naming the row and column) and bound in place: numbers parsed from the row buffer, texts
/// as slices of it. Nothing is allocated per row.
/// </summary>
internal sealed class BatchRows(CsvRowReader reader, BatchModel model, int[] fieldOfColumn)
{
    private readonly float[] _numbers = new float[model.Columns.Count];
    private readonly ReadOnlyMemory<char>[] _texts = new ReadOnlyMemory<char>[model.Columns.Count];

    /// <summary>The 1-based number of the current data row (the header is row 0).</summary>
    public long Row { get; private set; }

    public ReadOnlySpan<char> Line => reader.Line;

    public float Number(int column) => _numbers[column];

    public ReadOnlyMemory<char> Text(int column) => _texts[column];

    /// <exception cref="InvalidDataException">A value does not fit its column; the message names the row and column.</exception>
    public bool MoveNext()
    {
        if (!reader.Read()) return false;
        Row++;
        for (var c = 0; c < model.Columns.Count; c++)
        {
            var field = fieldOfColumn[c];
            if (field >= reader.FieldCount) throw Invalid(c, RawValue.Missing);
            Bind(c, reader[field]);
        }

        return true;
    }

    private void Bind(int c, ReadOnlyMemory<char> value)
    {
        var column = model.Columns[c];
        var trimmed = value.Trim();
        var span = trimmed.Span;
        if (column.IsNumeric)
        {
            if (span.IsEmpty) _numbers[c] = float.NaN;
            else if (float.TryParse(span, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)) _numbers[c] = number;
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
