using MlOps.Modules.Monitoring.Drift;

namespace MlOps.Tests.Monitoring.Drift;

public sealed class JensenShannonTests
{
    [Fact]
    public void Disjoint_distributions_are_one_bit_apart_as_in_the_scipy_docstring() =>
        // SciPy docstring of scipy.spatial.distance.jensenshannon: jensenshannon([1.0, 0.0, 0.0], [0.0, 1.0, 0.0], 2.0) → 1.0.
        Assert.Equal(1.0, JensenShannonDistance.Between([1, 0, 0], [0, 1, 0], 2.0), 1e-12);

    [Fact]
    public void Half_overlapping_distributions_match_the_scipy_docstring() =>
        // SciPy docstring: jensenshannon([1.0, 0.0], [0.5, 0.5]) → 0.46450140402245893 (natural logarithm).
        Assert.Equal(0.46450140402245893, JensenShannonDistance.Between([1.0, 0.0], [0.5, 0.5]), 1e-12);

    [Fact]
    public void Equal_distributions_are_zero_apart_and_counts_are_scaled_to_shares()
    {
        // SciPy docstring: jensenshannon([1.0, 0.0, 0.0], [1.0, 0.0, 0.0]) → 0.0. Counts 2:2 and shares 0.5:0.5 are the same distribution.
        Assert.Equal(0.0, JensenShannonDistance.Between([1, 0, 0], [1, 0, 0]), 1e-12);
        Assert.Equal(0.0, JensenShannonDistance.Between([2, 2], [0.5, 0.5]), 1e-12);
    }

    [Fact]
    public void Three_categories_match_the_hand_computation()
    {
        // By hand: p = (0.5, 0.3, 0.2), q = (0.3, 0.3, 0.4), m = (0.4, 0.3, 0.3);
        // KL(p‖m) = 0.5 ln 1.25 + 0.2 ln(2/3), KL(q‖m) = 0.3 ln 0.75 + 0.4 ln(4/3); distance = √((KL(p‖m) + KL(q‖m)) / 2).
        // SciPy 1.10.1: jensenshannon([0.5, 0.3, 0.2], [0.3, 0.3, 0.4]) = 0.1721147310381218.
        var expected = Math.Sqrt((0.5 * Math.Log(1.25) + 0.2 * Math.Log(2.0 / 3) + 0.3 * Math.Log(0.75) + 0.4 * Math.Log(4.0 / 3)) / 2);

        Assert.Equal(0.1721147310381218, expected, 1e-12);
        Assert.Equal(expected, JensenShannonDistance.Between([0.5, 0.3, 0.2], [0.3, 0.3, 0.4]), 1e-12);
    }
}
