using System.Globalization;

namespace MlOps.Web.Components.Pages.Monitoring;

/// <summary>
/// The one unit a page shows latencies in. Small models score in microseconds: µs keeps their figures above 1 (and the
/// chart's tooltips true), while a page that mixed "0.045 ms" in its summary with "45 µs" in its chart reads as two facts.
/// </summary>
public sealed record LatencyUnit(string Symbol, double PerMillisecond)
{
    public static readonly LatencyUnit Milliseconds = new("ms", 1);
    public static readonly LatencyUnit Microseconds = new("µs", 1000);

    /// <summary>Microseconds when every p99 on the page is below a millisecond.</summary>
    public static LatencyUnit For(IEnumerable<double?> p99s) => p99s.All(p => p is null or < 1) ? Microseconds : Milliseconds;

    public double? Convert(double? ms) => ms * PerMillisecond;

    public string Format(double? ms) => Convert(ms) switch
    {
        null => MonitoringFormat.Nothing,
        < 10 and var value => $"{value.ToString("0.###", CultureInfo.InvariantCulture)} {Symbol}",
        var value => $"{value.Value.ToString("#,0.#", CultureInfo.InvariantCulture)} {Symbol}",
    };
}
