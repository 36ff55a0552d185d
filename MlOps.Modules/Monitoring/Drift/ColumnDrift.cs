using MlOps.Modules.Monitoring.Contracts;

namespace MlOps.Modules.Monitoring.Drift;

/// <summary>
/// Evidently's default test for one column (<c>get_stattest</c>, after dropping missing values): with at most 1000
/// reference values, Kolmogorov–Smirnov for a numeric column with more than 5 distinct values (reference and current
/// together), otherwise chi-squared, or the z-test when at most 2 values occur; with more reference values, the
/// normalised Wasserstein distance for a numeric column with more than 5 distinct values, otherwise Jensen–Shannon.
/// </summary>
internal static class ColumnDrift
{
    public const int MaxReferenceValuesForPValueTests = 1000;
    public const double PValueThreshold = 0.05;
    public const double DistanceThreshold = 0.1;
    private const int MaxDistinctAsCategories = 5;
    private const int MaxDistinctForZTest = 2;

    public static DriftFeature Numeric(string name, IReadOnlyCollection<double> reference, IReadOnlyCollection<double> current, int referenceValues)
    {
        var bins = SharedBins.ForNumbers(reference, current);
        if (reference.Concat(current).Distinct().Count() <= MaxDistinctAsCategories)
            return Categorical(name, DriftColumnType.Numeric, CategoryCounts.Of(reference, current), bins, referenceValues);
        return referenceValues <= MaxReferenceValuesForPValueTests
            ? ByPValue(name, DriftColumnType.Numeric, DriftTest.KolmogorovSmirnov, KolmogorovSmirnovTest.TwoSample(reference, current), bins, reference.Count, current.Count)
            : ByDistance(name, DriftColumnType.Numeric, DriftTest.Wasserstein, WassersteinDistance.Normalized(reference, current), bins, reference.Count, current.Count);
    }

    public static DriftFeature Categorical(string name, IReadOnlyCollection<string> reference, IReadOnlyCollection<string> current, int referenceValues)
    {
        var counts = CategoryCounts.Of(reference, current);
        return Categorical(name, DriftColumnType.Categorical, counts, SharedBins.ForCategories(counts), referenceValues);
    }

    private static DriftFeature Categorical(string name, DriftColumnType type, CategoryCounts counts, SharedBins bins, int referenceValues)
    {
        if (referenceValues > MaxReferenceValuesForPValueTests)
        {
            var distance = JensenShannonDistance.Between(SharedBins.WithoutEmptyBins(bins.Reference), SharedBins.WithoutEmptyBins(bins.Current));
            return ByDistance(name, type, DriftTest.JensenShannon, distance, bins, counts.ReferenceTotal, counts.CurrentTotal);
        }

        return counts.Categories.Count <= MaxDistinctForZTest
            ? ByPValue(name, type, DriftTest.ProportionZ, ProportionZTest.CurrentAgainstReference(counts), bins, counts.ReferenceTotal, counts.CurrentTotal)
            : ByPValue(name, type, DriftTest.ChiSquared, ChiSquaredTest.CurrentAgainstReference(counts), bins, counts.ReferenceTotal, counts.CurrentTotal);
    }

    private static DriftFeature ByPValue(string name, DriftColumnType type, DriftTest test, TestResult result, SharedBins bins, int referenceCount, int currentCount) =>
        new(name, type, test, result.Statistic, result.PValue, PValueThreshold, result.PValue < PValueThreshold, Psi(bins), referenceCount, currentCount, Chart(bins));

    private static DriftFeature ByDistance(string name, DriftColumnType type, DriftTest test, double distance, SharedBins bins, int referenceCount, int currentCount) =>
        new(name, type, test, distance, null, DistanceThreshold, distance >= DistanceThreshold, Psi(bins), referenceCount, currentCount, Chart(bins));

    private static double Psi(SharedBins bins) =>
        PopulationStabilityIndex.Between(SharedBins.WithoutEmptyBins(bins.Reference), SharedBins.WithoutEmptyBins(bins.Current));

    private static DriftDistribution Chart(SharedBins bins) => new(bins.Edges, bins.Categories, bins.Reference, bins.Current);
}
