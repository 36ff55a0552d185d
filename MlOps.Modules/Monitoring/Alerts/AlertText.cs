using System.Globalization;
using MlOps.Modules.Monitoring.Contracts;

namespace MlOps.Modules.Monitoring.Alerts;

/// <summary>Wording shared by the alert rules; numbers are written the same way whatever the server's culture.</summary>
internal static class AlertText
{
    public static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>"in the last 24 h".</summary>
    public static string Window(TimeWindow window) => Invariant($"in the last {window.Length.TotalHours:0.#} h");

    /// <summary>"7.5 %".</summary>
    public static string Percent(double share) => Invariant($"{share * 100:0.#} %");

    /// <summary>Up to four names in full, else the first three and how many more.</summary>
    public static string Names(IReadOnlyList<string> names) =>
        names.Count <= 4 ? string.Join(", ", names) : $"{string.Join(", ", names.Take(3))} and {names.Count - 3} more";
}
