using MlOps.Modules.Monitoring.Drift;

namespace MlOps.Tests.Monitoring.Drift;

public sealed class ProportionZTests
{
    [Fact]
    public void Sixty_against_forty_percent_in_samples_of_a_hundred_matches_the_hand_computation()
    {
        // By hand: p₁ = 0.6, p₂ = 0.4, pooled P = 0.5; z = 0.2 / √(0.25 · (1/100 + 1/100)) = 0.2 / √0.005 = 2√2 = 2.8284271247461903;
        // two-sided p = erfc(z / √2) = erfc(2) = 0.004677734981047266.
        var result = ProportionZTest.TwoSided(60, 100, 40, 100);

        Assert.Equal(2 * Math.Sqrt(2), result.Statistic, 1e-12);
        Assert.Equal(0.004677734981047266, result.PValue, 1e-12);
    }

    [Fact]
    public void The_proportion_is_that_of_the_first_category_of_the_union()
    {
        // By hand: reference FEMALE 30 / MALE 70, current FEMALE 45 / MALE 55; P = 75/200 = 0.375;
        // z = (0.30 − 0.45) / √(0.375 · 0.625 · 0.02) = −0.15 / 0.06846531968814576 = −2.1908902300206647; p = erfc(|z| / √2) = 0.02845973691631057 (Python math.erfc)
        var counts = CategoryCounts.Of(ChiSquaredTests.Repeat(("MALE", 70), ("FEMALE", 30)), ChiSquaredTests.Repeat(("MALE", 55), ("FEMALE", 45)));

        var result = ProportionZTest.CurrentAgainstReference(counts);

        Assert.Equal("FEMALE", counts.Categories[0]);
        Assert.Equal(-2.1908902300206647, result.Statistic, 1e-12);
        Assert.Equal(0.02845973691631057, result.PValue, 1e-12);
    }

    [Fact]
    public void One_shared_value_is_no_evidence_of_drift() =>
        Assert.Equal(new TestResult(0, 1), ProportionZTest.TwoSided(10, 10, 7, 7));
}
