namespace MlOps.Modules.Monitoring.Drift;

/// <summary>
/// Pearson's chi-squared goodness-of-fit test, as <c>scipy.stats.chisquare(observed, expected)</c>: statistic
/// Σ (o − e)² / e, p-value from the chi-squared survival function with k − 1 degrees of freedom. A category expected
/// never but observed makes the statistic infinite and the p-value 0, as in SciPy.
/// </summary>
internal static class ChiSquaredTest
{
    public static TestResult GoodnessOfFit(IReadOnlyList<double> observed, IReadOnlyList<double> expected)
    {
        if (observed.Count != expected.Count || observed.Count < 2) throw new ArgumentException("Chi-squared needs at least two categories, as many expected as observed.");
        var statistic = 0.0;
        for (var i = 0; i < observed.Count; i++)
        {
            var difference = observed[i] - expected[i];
            statistic += difference == 0 ? 0 : difference * difference / expected[i];
        }

        return new TestResult(statistic, SpecialFunctions.ChiSquaredSurvival(statistic, observed.Count - 1));
    }

    /// <summary>
    /// Evidently's <c>chisquare</c> drift test: the current counts against the reference counts scaled to the current
    /// total, over the union of categories seen in either.
    /// </summary>
    public static TestResult CurrentAgainstReference(CategoryCounts counts)
    {
        var scale = (double)counts.CurrentTotal / counts.ReferenceTotal;
        return GoodnessOfFit(counts.Current.Select(c => (double)c).ToArray(), counts.Reference.Select(r => r * scale).ToArray());
    }
}
