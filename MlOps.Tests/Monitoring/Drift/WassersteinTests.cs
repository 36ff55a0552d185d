using MlOps.Modules.Monitoring.Drift;

namespace MlOps.Tests.Monitoring.Drift;

public sealed class WassersteinTests
{
    [Fact]
    public void Shifted_samples_match_the_scipy_docstring_example() =>
        // SciPy docstring of scipy.stats.wasserstein_distance: wasserstein_distance([0, 1, 3], [5, 6, 8]) → 5.0.
        Assert.Equal(5.0, WassersteinDistance.Between([0, 1, 3], [5, 6, 8]), 1e-12);

    [Fact]
    public void Weighted_docstring_example_holds_with_weights_written_as_repetitions() =>
        // SciPy docstring: wasserstein_distance([0, 1], [0, 1], [3, 1], [2, 2]) → 0.25; weights 3:1 and 2:2 are the samples [0, 0, 0, 1] and [0, 0, 1, 1].
        Assert.Equal(0.25, WassersteinDistance.Between([0, 0, 0, 1], [0, 0, 1, 1]), 1e-12);

    [Fact]
    public void Unequal_samples_match_scipy() =>
        // SciPy 1.10.1: wasserstein_distance([(i * 0.37) % 1 for i in range(200)], [sqrt((j * 0.61) % 1) for j in range(150)]) = 0.16249607335793437.
        Assert.Equal(0.16249607335793437, WassersteinDistance.Between(Samples.Spread(200), Samples.Skewed(150)), 1e-12);

    [Fact]
    public void Normalised_distance_divides_by_the_reference_population_standard_deviation()
    {
        // By hand: reference [0, 1, 3] has mean 4/3 and variance ((4/3)² + (1/3)² + (5/3)²) / 3 = 14/9, so σ = √14 / 3;
        // Evidently's wasserstein_distance_norm = 5 / (√14 / 3) = 15 / √14 = 4.008918628686366.
        Assert.Equal(15 / Math.Sqrt(14), WassersteinDistance.Normalized([0, 1, 3], [5, 6, 8]), 1e-12);
    }

    [Fact]
    public void A_constant_reference_is_scaled_by_a_thousandth_rather_than_zero() =>
        // By hand: distance |2 − 2.0005| = 0.0005, σ = 0 floored to 0.001 as in Evidently → 0.5.
        Assert.Equal(0.5, WassersteinDistance.Normalized([2, 2], [2.0005]), 1e-9);
}
