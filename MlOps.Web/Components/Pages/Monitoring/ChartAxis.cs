using System.Globalization;

namespace MlOps.Web.Components.Pages.Monitoring;

/// <summary>
/// MudChart spaces Y ticks by a whole number of data units, so series whose largest value is below 5 (an error of
/// 0.3) are plotted multiplied by <see cref="Factor"/>, a power of ten, and the axis labels divide it back out; its
/// tooltips would show the multiplied values. Ticks fall on about five round steps (1, 2 or 5 times a power of ten).
/// Charts pick units that keep values large where they can (µs, %), so the factor is rarely needed.
/// </summary>
public sealed record ChartAxis(double Factor, int Ticks)
{
    private static readonly int[] RoundSteps = [1, 2, 5, 10];

    public static ChartAxis For(IEnumerable<double> values)
    {
        var largest = values.Select(Math.Abs).DefaultIfEmpty(0).Max();
        if (largest == 0) return new ChartAxis(1, 1);
        var step = largest / 5;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(step)));
        var multiple = RoundSteps.First(m => m * magnitude >= step);
        var roundStep = multiple * magnitude;
        return roundStep >= 1 - 1e-9 ? new ChartAxis(1, (int)Math.Round(roundStep)) : new ChartAxis(Math.Round(1 / magnitude), multiple);
    }

    public double Scale(double value) => value * Factor;

    public string Label(double scaled) => (scaled / Factor).ToString("G4", CultureInfo.InvariantCulture);
}
