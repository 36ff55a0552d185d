using MlOps.Modules.Monitoring.Drift;

namespace MlOps.Tests.Monitoring.Drift;

public sealed class SpecialFunctionsTests
{
    [Theory]
    // By hand: with 2 degrees of freedom the chi-squared survival function is e^(−x/2).
    [InlineData(0.5, 2)]
    [InlineData(3.0, 2)]
    [InlineData(28.0, 2)]
    [InlineData(80.0, 2)]
    public void Chi_squared_survival_with_two_degrees_of_freedom_is_an_exponential(double x, int degrees) =>
        Assert.Equal(Math.Exp(-x / 2), SpecialFunctions.ChiSquaredSurvival(x, degrees), 1e-12);

    [Theory]
    // By hand: with 4 degrees of freedom the survival function is e^(−x/2) (1 + x/2), with 6 it is e^(−x/2) (1 + x/2 + x²/8).
    [InlineData(0.3)]
    [InlineData(2.0)]
    [InlineData(9.5)]
    [InlineData(40.0)]
    public void Chi_squared_survival_with_four_and_six_degrees_of_freedom_has_its_closed_form(double x)
    {
        Assert.Equal(Math.Exp(-x / 2) * (1 + x / 2), SpecialFunctions.ChiSquaredSurvival(x, 4), 1e-12);
        Assert.Equal(Math.Exp(-x / 2) * (1 + x / 2 + x * x / 8), SpecialFunctions.ChiSquaredSurvival(x, 6), 1e-12);
    }

    [Theory]
    // Φ⁻¹(0.975) = 1.959963984540054 and Φ⁻¹(0.995) = 2.5758293035489004 (standard normal quantiles), so the two-sided p-values are 0.05 and 0.01.
    [InlineData(1.959963984540054, 0.05)]
    [InlineData(-2.5758293035489004, 0.01)]
    // erfc(2) = 0.004677734981047266 (Abramowitz & Stegun table 7.1): z = 2√2.
    [InlineData(2.8284271247461903, 0.004677734981047266)]
    [InlineData(0.0, 1.0)]
    public void Normal_two_sided_p_value_matches_published_quantiles(double z, double expected) =>
        Assert.Equal(expected, SpecialFunctions.NormalTwoSidedPValue(z), 1e-12);

    [Theory]
    // The Kolmogorov distribution's 5% and 1% critical values are 1.3580986 and 1.6276236 (Smirnov 1948; SciPy 1.10.1 kstwobign.isf(0.05), isf(0.01)).
    [InlineData(1.3580986393225507, 0.05)]
    [InlineData(1.6276236115189504, 0.01)]
    // SciPy 1.10.1: kstwobign.sf(0.5) = 0.9639452436648751, kstwobign.sf(0.8) = 0.5441424115741981.
    [InlineData(0.5, 0.9639452436648751)]
    [InlineData(0.8, 0.5441424115741981)]
    public void Kolmogorov_survival_matches_published_critical_values(double lambda, double expected) =>
        Assert.Equal(expected, SpecialFunctions.KolmogorovSurvival(lambda), 1e-10);

    [Theory]
    // Γ(5) = 24, Γ(0.5) = √π, Γ(10.5) = 1133278.3889487854 (from Γ(½) by Γ(x + 1) = xΓ(x)).
    [InlineData(5.0, 24.0)]
    [InlineData(0.5, 1.7724538509055159)]
    [InlineData(10.5, 1133278.3889487854)]
    public void Log_gamma_matches_known_values(double x, double gamma) =>
        Assert.Equal(Math.Log(gamma), SpecialFunctions.LogGamma(x), 1e-12);
}
