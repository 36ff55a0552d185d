namespace MlOps.Modules.Monitoring.Drift;

/// <summary>
/// The two-sample Kolmogorov–Smirnov test, two-sided, as <c>scipy.stats.ks_2samp(reference, current)</c> with its
/// default <c>method='auto'</c> (what Evidently calls): D is the largest gap between the two empirical CDFs. While
/// neither sample exceeds <see cref="ExactLimit"/> values the p-value is exact, P(D ≥ d) counted over lattice paths
/// (Hodges 1958) as SciPy counts them; above that SciPy uses <c>kstwo.sf(d, round(mn / (m + n)))</c>, for which this
/// uses the Kolmogorov limit with Stephens' small-sample correction, within about 5e-3 of SciPy's value.
/// </summary>
internal static class KolmogorovSmirnovTest
{
    public const int ExactLimit = 10_000;

    public static TestResult TwoSample(IReadOnlyCollection<double> reference, IReadOnlyCollection<double> current)
    {
        if (reference.Count == 0 || current.Count == 0) throw new ArgumentException("Both samples need at least one value.");
        var a = reference.Order().ToArray();
        var b = current.Order().ToArray();
        var gap = LargestGap(a, b);
        var statistic = (double)gap / ((long)a.Length * b.Length);
        var pValue = Math.Max(a.Length, b.Length) <= ExactLimit ? ExactPValue(a.Length, b.Length, gap) : AsymptoticPValue(a.Length, b.Length, statistic);
        return new TestResult(statistic, pValue);
    }

    /// <summary>max |i·n − j·m| over the points where the ECDFs step (i of m and j of n values at or below the point): D scaled by m·n, kept integral so the exact count needs no rounding.</summary>
    private static long LargestGap(double[] a, double[] b)
    {
        long m = a.Length, n = b.Length, largest = 0;
        int i = 0, j = 0;
        while (i < a.Length && j < b.Length)
        {
            var x = Math.Min(a[i], b[j]);
            while (i < a.Length && a[i] <= x) i++;
            while (j < b.Length && b[j] <= x) j++;
            largest = Math.Max(largest, Math.Abs(i * n - j * m));
        }

        return largest;
    }

    /// <summary>
    /// The share of lattice paths from (0, 0) to (m, n) that touch |i·n − j·m| ≥ gap, as SciPy counts it (Viehmann 2021:
    /// the complement is never formed, so tiny p-values keep their precision). Each cell holds that share among the paths
    /// reaching it, 1 outside the band and (i·v(i−1, j) + j·v(i, j−1)) / (i + j) inside, which stays within [0, 1].
    /// </summary>
    private static double ExactPValue(int m, int n, long gap)
    {
        if (gap == 0) return 1;
        var touched = new double[n + 1];
        var high = HighestInside(0, m, n, gap);
        Array.Fill(touched, 1, high + 1, n - high);
        var low = 0;
        for (var i = 1; i <= m; i++)
        {
            var newLow = (int)Math.Min(n + 1, Math.Max(0, FloorDiv((long)i * n - gap, m) + 1));
            Array.Fill(touched, 1, low, newLow - low);
            low = newLow;
            high = HighestInside(i, m, n, gap);
            for (var j = low; j <= high; j++)
                touched[j] = (i * touched[j] + (j > 0 ? j * touched[j - 1] : 0)) / (i + j);
        }

        return Math.Clamp(touched[n], 0, 1);
    }

    private static int HighestInside(int i, int m, int n, long gap) => (int)Math.Min(n, CeilDiv((long)i * n + gap, m) - 1);

    private static double AsymptoticPValue(int m, int n, double statistic)
    {
        var root = Math.Sqrt((double)m * n / (m + n));
        return SpecialFunctions.KolmogorovSurvival((root + 0.12 + 0.11 / root) * statistic);
    }

    private static long FloorDiv(long a, long b) => a >= 0 ? a / b : -((-a + b - 1) / b);

    private static long CeilDiv(long a, long b) => -FloorDiv(-a, b);
}
