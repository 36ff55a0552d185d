using System.Text;
using MlOps.Modules.Serving.Batch.Jobs;
using MlOps.Modules.Serving.Predict;

namespace MlOps.Modules.Serving.Batch.Scoring;

/// <summary>
/// Scores a CSV into a CSV: each row as it was written, followed by its prediction columns. Rows stream from
/// the source through the model's <c>Transform</c> to the output, so memory stays flat at any length.
/// </summary>
internal static class BatchScorer
{
    private const int ReportEvery = 4096;

    /// <exception cref="InvalidDataException">The header lacks a model column, or a row has a value that does not fit; nothing is kept.</exception>
    public static long Score(BatchModel model, Stream source, Stream destination, BatchProgress progress, CancellationToken cancellationToken)
    {
        using var text = new StreamReader(source, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 64 * 1024, leaveOpen: true);
        var reader = new CsvRowReader(text);
        if (!reader.Read()) throw new InvalidDataException("The CSV is empty: it needs a header row, then rows.");
        var header = reader.Line.ToString();
        var fields = FieldsOf(model, reader);

        var rows = new BatchRows(reader, model, fields);
        var scored = model.Transformer.Transform(new CsvRowsDataView(model.InputSchema, rows));
        using var cursor = scored.GetRowCursor(PredictionFields.ColumnsRead(scored.Schema));
        var writePrediction = PredictionFields.For(model, cursor);
        using var output = new CsvOutput(destination);
        output.Append(header);
        foreach (var column in CsvPredictionWriter.Header(model.Info))
        {
            output.Append(',');
            output.AppendField(column);
        }

        output.Append('\n');
        long count = 0;
        while (cursor.MoveNext())
        {
            if (cursor.Position != rows.Row - 1) throw new InvalidOperationException("The model skipped or held back rows: scores would not line up with their rows.");
            output.Append(rows.Line);
            output.Append(',');
            writePrediction(output);
            output.Append('\n');
            if (++count % ReportEvery != 0) continue;
            cancellationToken.ThrowIfCancellationRequested();
            progress.Report(count, source.CanSeek && source.Length > 0 ? Math.Min(0.99, (double)source.Position / source.Length) : 0);
        }

        output.Flush();
        progress.Report(count, 1);
        return count;
    }

    /// <summary>Where each model column sits in the file; extra columns are carried through untouched.</summary>
    private static int[] FieldsOf(BatchModel model, CsvRowReader header)
    {
        var names = HeaderOf(header);
        var missing = BatchSourceChecks.Missing(model.Info, names);
        if (missing.Count > 0) throw new InvalidDataException($"Header: the model's column(s) {string.Join(", ", missing)} are missing.");
        return model.Columns.Select(c => names.FindIndex(name => name.Trim() == c.Name)).ToArray();
    }

    /// <summary>The column names of a CSV's first row.</summary>
    public static List<string> HeaderOf(CsvRowReader reader) => Enumerable.Range(0, reader.FieldCount).Select(i => reader[i].ToString()).ToList();
}
