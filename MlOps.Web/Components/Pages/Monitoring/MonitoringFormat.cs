using System.Globalization;
using MlOps.Web.Components.Shared;

namespace MlOps.Web.Components.Pages.Monitoring;

/// <summary>How monitoring figures read on screen; "missing" where there is nothing to measure, as on every page.</summary>
public static class MonitoringFormat
{
    public const string Nothing = Missing.Text;

    public static string Rate(double? share) => share is { } value ? value.ToString("0.#%", CultureInfo.InvariantCulture) : Nothing;

    public static string Milliseconds(double? ms) => LatencyUnit.Milliseconds.Format(ms);

    public static string Count(long count) => count.ToString("#,0", CultureInfo.InvariantCulture);

    /// <summary>Test statistics, distances and p-values span many magnitudes; χ² is infinite when a category is new.</summary>
    public static string Statistic(double? value) => value switch
    {
        null => Nothing,
        double.PositiveInfinity => "∞",
        _ => value.Value.ToString("G4", CultureInfo.InvariantCulture),
    };

    public static string Time(DateTime at) => at.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
