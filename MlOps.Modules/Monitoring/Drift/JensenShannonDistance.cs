namespace MlOps.Modules.Monitoring.Drift;

/// <summary>
/// The Jensen–Shannon distance, as <c>scipy.spatial.distance.jensenshannon(p, q, base)</c>: both vectors are scaled to
/// sum to 1, m = (p + q) / 2, and the distance is √((KL(p‖m) + KL(q‖m)) / 2), natural logarithms unless a base is given
/// (Evidently passes none).
/// </summary>
internal static class JensenShannonDistance
{
    public static double Between(IReadOnlyList<double> p, IReadOnlyList<double> q, double? logBase = null)
    {
        if (p.Count != q.Count || p.Count == 0) throw new ArgumentException("Both distributions need the same, non-zero number of bins.");
        double pTotal = p.Sum(), qTotal = q.Sum();
        var divergence = 0.0;
        for (var i = 0; i < p.Count; i++)
        {
            double pi = p[i] / pTotal, qi = q[i] / qTotal, mi = (pi + qi) / 2;
            divergence += RelativeEntropy(pi, mi) + RelativeEntropy(qi, mi);
        }

        if (logBase is { } logarithmBase) divergence /= Math.Log(logarithmBase);
        return Math.Sqrt(divergence / 2);
    }

    /// <summary>SciPy's <c>rel_entr</c> where y ≥ x / 2, as it is against a mixture: 0 when x is 0.</summary>
    private static double RelativeEntropy(double x, double y) => x > 0 ? x * Math.Log(x / y) : 0;
}
