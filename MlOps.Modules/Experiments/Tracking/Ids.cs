using System.Globalization;

namespace MlOps.Modules.Experiments.Tracking;

/// <summary>Ids are SQLite row ids, shown as strings as API.md asks.</summary>
internal static class Ids
{
    public static bool TryParse(string? id, out long value) =>
        long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value > 0;

    public static string Format(long id) => id.ToString(CultureInfo.InvariantCulture);
}
