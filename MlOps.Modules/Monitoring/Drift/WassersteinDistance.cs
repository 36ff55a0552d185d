namespace MlOps.Modules.Monitoring.Drift;

/// <summary>
/// The first Wasserstein (earth mover's) distance between two one-dimensional samples, as
/// <c>scipy.stats.wasserstein_distance(u, v)</c>: the area between their empirical CDFs.
/// </summary>
internal static class WassersteinDistance
{
    /// <summary>Evidently's floor on the reference standard deviation, so a constant reference column does not divide by zero.</summary>
    private const double MinimumScale = 0.001;

    public static double Between(IReadOnlyCollection<double> u, IReadOnlyCollection<double> v)
    {
        if (u.Count == 0 || v.Count == 0) throw new ArgumentException("Both samples need at least one value.");
        var a = u.Order().ToArray();
        var b = v.Order().ToArray();
        int i = 0, j = 0;
        var previous = Math.Min(a[0], b[0]);
        var area = 0.0;
        while (i < a.Length || j < b.Length)
        {
            var takeA = j == b.Length || (i < a.Length && a[i] <= b[j]);
            var x = takeA ? a[i] : b[j];
            area += Math.Abs((double)i / a.Length - (double)j / b.Length) * (x - previous);
            previous = x;
            if (takeA) i++;
            else j++;
        }

        return area;
    }

    /// <summary>
    /// Evidently's <c>wasserstein</c> drift score (<c>wasserstein_distance_norm</c>): the distance divided by the
    /// reference's population standard deviation (NumPy's default <c>np.std</c>, ddof 0), at least 0.001.
    /// </summary>
    public static double Normalized(IReadOnlyCollection<double> reference, IReadOnlyCollection<double> current) =>
        Between(reference, current) / Math.Max(PopulationStandardDeviation(reference), MinimumScale);

    private static double PopulationStandardDeviation(IReadOnlyCollection<double> values)
    {
        var mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Count);
    }
}
