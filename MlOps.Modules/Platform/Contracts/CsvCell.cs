using System.Buffers;
using System.Globalization;

namespace MlOps.Modules.Platform.Contracts;

/// <summary>
/// How every CSV the product writes spells a cell: RFC 4180 quoting, and OWASP's defence against CSV injection,
/// so that a spreadsheet never runs a label or header as a formula. A cell starting with = + - @ tab or carriage
/// return gets a leading apostrophe inside quotes, unless it is a number: numbers stay numbers.
/// </summary>
public static class CsvCell
{
    private static readonly SearchValues<char> FormulaStarts = SearchValues.Create("=+-@\t\r");
    private static readonly SearchValues<char> NeedQuotes = SearchValues.Create(",\"\r\n");

    public static bool IsFormula(ReadOnlySpan<char> value) =>
        !value.IsEmpty && FormulaStarts.Contains(value[0]) && !double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    /// <summary>False when no cell of the CSV row <paramref name="line"/> starts like a formula, the common case, found in one pass.</summary>
    public static bool MayHoldFormula(ReadOnlySpan<char> line)
    {
        var at = line.IndexOfAny(FormulaStarts);
        while (at >= 0)
        {
            if (at == 0 || line[at - 1] is ',' or '"') return true;
            var next = line[(at + 1)..].IndexOfAny(FormulaStarts);
            at = next < 0 ? -1 : at + 1 + next;
        }

        return false;
    }

    public static bool NeedsQuotes(ReadOnlySpan<char> value) => IsFormula(value) || value.IndexOfAny(NeedQuotes) >= 0;

    public static string Format(string value) =>
        !NeedsQuotes(value) ? value : $"\"{(IsFormula(value) ? "'" : "")}{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
}
