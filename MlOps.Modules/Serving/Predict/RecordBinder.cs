using System.Globalization;
using MlOps.Modules.Serving.Models;

namespace MlOps.Modules.Serving.Predict;

/// <summary>Checks records against a version's input schema and fills engine rows; extra columns are ignored.</summary>
internal static class RecordBinder
{
    private const int MaxReportedProblems = 20;

    public static Dictionary<string, string[]> Bind(LoadedModel model, IRecordSet records, int firstRow, List<InputRow> rows)
    {
        var problems = new Dictionary<string, string[]>();
        for (var r = 0; r < records.Count && problems.Count < MaxReportedProblems; r++)
        {
            var row = model.NewRow();
            for (var c = 0; c < model.Columns.Count; c++)
            {
                var column = model.Columns[c];
                if (Fill(column, records.Get(r, column.Name), row, c) is { } problem)
                    problems[$"records[{firstRow + r}].{column.Name}"] = [$"Record {firstRow + r}: column '{column.Name}' {problem}"];
            }

            rows.Add(row);
        }

        return problems;
    }

    /// <summary>Null when the value fits, else what is wrong with it.</summary>
    public static string? Fill(InputColumn column, RawValue value, InputRow row, int index)
    {
        if (value.Kind == RawKind.Missing) return "is missing.";
        if (column.Kind == InputKind.Numeric)
        {
            switch (value.Kind)
            {
                case RawKind.Number when !float.IsFinite((float)value.Number):
                    return NotFinite(value);
                case RawKind.Number:
                    row.Numbers[index] = (float)value.Number;
                    return null;
                case RawKind.Null:
                    row.Numbers[index] = float.NaN;
                    return null;
                case RawKind.Field when string.IsNullOrWhiteSpace(value.Text):
                    row.Numbers[index] = float.NaN;
                    return null;
                case RawKind.Field when float.TryParse(value.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed):
                    if (!float.IsFinite(parsed)) return NotFinite(value);
                    row.Numbers[index] = parsed;
                    return null;
                default:
                    return $"expects a number, not {Describe(value)}.";
            }
        }

        if (column.Kind == InputKind.Image) return "takes an image: send it as multipart/form-data with a 'file' part.";

        var text = value.Kind switch
        {
            RawKind.Null => "",
            RawKind.String or RawKind.Field => value.Text!.Trim(),
            RawKind.Number when column.Kind is InputKind.Categorical or InputKind.Text => value.Text ?? value.Number.ToString(CultureInfo.InvariantCulture),
            RawKind.Boolean when column.Kind is InputKind.Boolean or InputKind.Categorical or InputKind.Text => BooleanText(column, value.Number != 0),
            _ => null,
        };
        if (text is null) return $"expects {Expected(column.Kind)}, not {Describe(value)}.";
        if (column.Kind == InputKind.Date && text.Length > 0 && !DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out _))
            return $"expects a date, not '{text}'.";
        if (column.Categories is { } known && text.Length > 0 && !known.Contains(text))
            return $"has the unknown category '{text}'; known: {string.Join(", ", known.Order(StringComparer.Ordinal).Take(20))}.";
        row.Texts[index] = text;
        return null;
    }

    private static string NotFinite(RawValue value) =>
        $"expects a finite number; '{value.Text?.Trim()}' is not one (infinities, NaN and numbers beyond ±3.4e38 are refused; leave the field empty for a missing value).";

    private static string BooleanText(InputColumn column, bool value)
    {
        var word = value ? "true" : "false";
        return column.Categories?.FirstOrDefault(c => string.Equals(c, word, StringComparison.OrdinalIgnoreCase)) ?? word;
    }

    private static string Expected(InputKind kind) => kind switch
    {
        InputKind.Boolean => "true or false",
        InputKind.Date => "a date",
        _ => "text",
    };

    private static string Describe(RawValue value) => value.Kind switch
    {
        RawKind.Boolean => "a boolean",
        RawKind.Number => "a number",
        RawKind.Null => "null",
        _ => $"'{value.Text}'",
    };
}
