using System.Text.RegularExpressions;

namespace MlOps.Modules.Mlflow.Protocol;

/// <summary>
/// The part of MLflow's experiment and registered-model filter language that MlOps's name search can answer:
/// <c>name = 'x'</c>, and <c>name LIKE '%x%'</c> or <c>ILIKE</c>.
/// </summary>
internal sealed partial record NameFilter(string? Text, bool Exact)
{
    public const string Supported = "Filter by name only: name = 'x', name LIKE '%x%' or name ILIKE '%x%'.";

    public static bool TryParse(string? filter, out NameFilter parsed)
    {
        parsed = new NameFilter(null, false);
        if (string.IsNullOrWhiteSpace(filter)) return true;
        var match = Pattern().Match(filter);
        if (!match.Success) return false;
        var value = match.Groups["value"].Value.Replace("''", "'", StringComparison.Ordinal);
        var exact = match.Groups["op"].Value == "=";
        if (!exact)
        {
            value = value.Trim('%');
            if (value.Contains('%') || value.Contains('_')) return false;
        }

        parsed = new NameFilter(value, exact);
        return true;
    }

    public bool Matches(string name) => !Exact || string.Equals(name, Text, StringComparison.Ordinal);

    [GeneratedRegex(@"^\s*(?:attributes?\.)?name\s*(?<op>=|(?i:i?like))\s*'(?<value>(?:[^']|'')*)'\s*$")]
    private static partial Regex Pattern();
}
