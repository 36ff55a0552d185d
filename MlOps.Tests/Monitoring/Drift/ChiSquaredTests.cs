using MlOps.Modules.Monitoring.Drift;

namespace MlOps.Tests.Monitoring.Drift;

public sealed class ChiSquaredTests
{
    [Fact]
    public void Uniform_expectation_matches_the_scipy_docstring_example()
    {
        // SciPy docstring of scipy.stats.chisquare: chisquare([16, 18, 16, 14, 12, 12]) → (2.0, 0.84914503608460956);
        // the expected counts default to the mean, 88/6 each.
        var result = ChiSquaredTest.GoodnessOfFit([16, 18, 16, 14, 12, 12], Enumerable.Repeat(88.0 / 6, 6).ToArray());

        Assert.Equal(2.0, result.Statistic, 1e-12);
        Assert.Equal(0.84914503608460956, result.PValue, 1e-10);
    }

    [Fact]
    public void Given_expectation_matches_the_scipy_docstring_example()
    {
        // SciPy docstring: chisquare([16, 18, 16, 14, 12, 12], f_exp=[16, 16, 16, 16, 16, 8]) → (3.5, 0.62338762774958223).
        var result = ChiSquaredTest.GoodnessOfFit([16, 18, 16, 14, 12, 12], [16, 16, 16, 16, 16, 8]);

        Assert.Equal(3.5, result.Statistic, 1e-12);
        Assert.Equal(0.62338762774958223, result.PValue, 1e-10);
    }

    [Fact]
    public void Current_counts_are_tested_against_reference_shares_scaled_to_the_current_total()
    {
        // By hand: reference a:50 b:30 c:20 (100 rows), current a:15 b:15 c:20 (50 rows) → expected 25, 15, 10;
        // χ² = 10²/25 + 0 + 10²/10 = 14, and with 2 degrees of freedom p = e^(−14/2) = 9.118819655545162e-4.
        var counts = CategoryCounts.Of(Repeat(("a", 50), ("b", 30), ("c", 20)), Repeat(("a", 15), ("b", 15), ("c", 20)));

        var result = ChiSquaredTest.CurrentAgainstReference(counts);

        Assert.Equal(14.0, result.Statistic, 1e-12);
        Assert.Equal(Math.Exp(-7), result.PValue, 1e-12);
    }

    [Fact]
    public void A_category_the_reference_never_had_is_infinitely_unlikely()
    {
        var counts = CategoryCounts.Of(Repeat(("a", 5), ("b", 5)), Repeat(("a", 5), ("b", 4), ("new", 1)));

        var result = ChiSquaredTest.CurrentAgainstReference(counts);

        Assert.Equal(["a", "b", "new"], counts.Categories);
        Assert.True(double.IsPositiveInfinity(result.Statistic));
        Assert.Equal(0, result.PValue);
    }

    internal static string[] Repeat(params (string Value, int Times)[] counts) =>
        counts.SelectMany(c => Enumerable.Repeat(c.Value, c.Times)).ToArray();
}
