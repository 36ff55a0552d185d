namespace MlOps.Modules.Monitoring.Drift;

/// <summary>
/// The distribution functions behind the drift tests' p-values. The regularized incomplete gamma function follows
/// Numerical Recipes (3rd ed., §6.2: series below a + 1, Lentz's continued fraction above), with the Lanczos log-gamma
/// (g = 7, 9 terms); both are accurate to about 1e-14, well inside the 1e-10 the tests need.
/// </summary>
internal static class SpecialFunctions
{
    private const double Epsilon = 1e-15;
    private const double Tiny = 1e-300;
    private const int MaxIterations = 10_000;

    private static readonly double[] Lanczos =
    [
        0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
        12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
    ];

    /// <summary>ln Γ(x) for x ≥ ½, all the tests need: their shape parameters are halves of positive integers.</summary>
    public static double LogGamma(double x)
    {
        x -= 1;
        var sum = Lanczos[0];
        for (var i = 1; i < Lanczos.Length; i++) sum += Lanczos[i] / (x + i);
        var t = x + 7.5;
        return 0.5 * Math.Log(2 * Math.PI) + (x + 0.5) * Math.Log(t) - t + Math.Log(sum);
    }

    /// <summary>Q(a, x) = Γ(a, x) / Γ(a), the upper regularized incomplete gamma function, for a &gt; 0 and x ≥ 0.</summary>
    public static double UpperRegularizedGamma(double a, double x)
    {
        if (x <= 0) return 1;
        if (double.IsPositiveInfinity(x)) return 0;
        return x < a + 1 ? 1 - LowerSeries(a, x) : UpperContinuedFraction(a, x);
    }

    /// <summary>The chi-squared survival function, as <c>scipy.stats.chi2.sf(x, degreesOfFreedom)</c>.</summary>
    public static double ChiSquaredSurvival(double x, int degreesOfFreedom) => UpperRegularizedGamma(degreesOfFreedom / 2.0, x / 2);

    /// <summary>P(|Z| ≥ |z|) for a standard normal Z: 2 (1 − Φ(|z|)) = erfc(|z| / √2) = Q(½, z² / 2).</summary>
    public static double NormalTwoSidedPValue(double z) => UpperRegularizedGamma(0.5, z * z / 2);

    /// <summary>
    /// The Kolmogorov distribution's survival function P(K ≥ λ) = 2 Σ (−1)^(k−1) e^(−2k²λ²), summed in the Jacobi
    /// theta form (√(2π) / λ) Σ e^(−(2k−1)²π² / (8λ²)) for the complement when λ is small, where the first series converges slowly.
    /// </summary>
    public static double KolmogorovSurvival(double lambda)
    {
        if (lambda <= 0) return 1;
        if (lambda < 1)
        {
            var cdf = 0.0;
            for (var k = 1; k < MaxIterations; k++)
            {
                var term = Math.Exp(-(2 * k - 1) * (2 * k - 1) * Math.PI * Math.PI / (8 * lambda * lambda));
                cdf += term;
                if (term <= Epsilon * cdf) break;
            }

            return Math.Clamp(1 - Math.Sqrt(2 * Math.PI) / lambda * cdf, 0, 1);
        }

        var survival = 0.0;
        for (var k = 1; k < MaxIterations; k++)
        {
            var term = Math.Exp(-2.0 * k * k * lambda * lambda);
            survival += k % 2 == 1 ? term : -term;
            if (term < Epsilon) break;
        }

        return Math.Clamp(2 * survival, 0, 1);
    }

    private static double Prefactor(double a, double x) => Math.Exp(-x + a * Math.Log(x) - LogGamma(a));

    private static double LowerSeries(double a, double x)
    {
        var term = 1 / a;
        var sum = term;
        for (var n = 1; n < MaxIterations; n++)
        {
            term *= x / (a + n);
            sum += term;
            if (Math.Abs(term) < Math.Abs(sum) * Epsilon) break;
        }

        return sum * Prefactor(a, x);
    }

    private static double UpperContinuedFraction(double a, double x)
    {
        var b = x + 1 - a;
        var c = 1 / Tiny;
        var d = 1 / b;
        var h = d;
        for (var i = 1; i < MaxIterations; i++)
        {
            var an = -i * (i - a);
            b += 2;
            d = an * d + b;
            if (Math.Abs(d) < Tiny) d = Tiny;
            c = b + an / c;
            if (Math.Abs(c) < Tiny) c = Tiny;
            d = 1 / d;
            var delta = d * c;
            h *= delta;
            if (Math.Abs(delta - 1) < Epsilon) break;
        }

        return Prefactor(a, x) * h;
    }
}
