using System.Text;
using MlOps.Modules.Serving.Batch.Jobs;
using MlOps.Modules.Serving.Predict;

namespace MlOps.Modules.Serving.Batch.Scoring;

/// <summary>
/// Scores a CSV into a CSV: each row as it was written, followed by its prediction columns. Rows stream from the
/// source through the model's row-to-row mapper (the machinery under <c>Transform</c> and prediction engines) to
/// the output one at a time, so memory stays flat at any length and every score lines up with its row.
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
        var mapper = model.Transformer.GetRowToRowMapper(model.InputSchema);
        using var scored = mapper.GetRow(new CsvInputRow(model.InputSchema, rows), PredictionFields.ColumnsRead(mapper.OutputSchema));
        var writePrediction = PredictionFields.For(model, scored);
        using var output = new CsvOutput(destination);
        output.Append(header);
        foreach (var column in CsvPredictionWriter.Header(model.Info))
        {
            output.Append(',');
            output.AppendField(column);
        }

        output.Append('\n');
        while (rows.MoveNext())
        {
            output.Append(rows.Line);
            output.Append(',');
            writePrediction(output);
            output.Append('\n');
            if (rows.Row % ReportEvery != 0) continue;
            cancellationToken.ThrowIfCancellationRequested();
            progress.Report(rows.Row, source.CanSeek && source.Length > 0 ? Math.Min(0.99, (double)source.Position / source.Length) : 0);
        }

        output.Flush();
        progress.Report(rows.Row, 1);
        return rows.Row;
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
