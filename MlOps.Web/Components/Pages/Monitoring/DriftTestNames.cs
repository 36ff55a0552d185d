using System.Globalization;
using MlOps.Modules.Monitoring.Contracts;

namespace MlOps.Web.Components.Pages.Monitoring;

/// <summary>How a drift test and its threshold read in the drift table.</summary>
public static class DriftTestNames
{
    public static string Name(DriftTest test) => test switch
    {
        DriftTest.KolmogorovSmirnov => "Kolmogorov–Smirnov",
        DriftTest.ChiSquared => "Chi-squared",
        DriftTest.ProportionZ => "Z-test (two proportions)",
        DriftTest.Wasserstein => "Wasserstein (normed)",
        _ => "Jensen–Shannon",
    };

    /// <summary>p-value tests drift below their threshold, distances at or above it.</summary>
    public static string Threshold(DriftFeature feature)
    {
        var threshold = feature.Threshold.ToString("G3", CultureInfo.InvariantCulture);
        return feature.PValue is null ? $"distance ≥ {threshold}" : $"p < {threshold}";
    }
}
