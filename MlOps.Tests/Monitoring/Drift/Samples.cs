namespace MlOps.Tests.Monitoring.Drift;

/// <summary>Deterministic samples written the same way in the Python that produced the SciPy values the tests quote.</summary>
internal static class Samples
{
    /// <summary><c>[(i * 0.37) % 1 for i in range(n)]</c>: spread evenly over [0, 1).</summary>
    public static double[] Spread(int n) => Enumerable.Range(0, n).Select(i => i * 0.37 % 1).ToArray();

    /// <summary><c>[sqrt((j * 0.61) % 1) for j in range(n)]</c>: leaning towards 1.</summary>
    public static double[] Skewed(int n) => Enumerable.Range(0, n).Select(j => Math.Sqrt(j * 0.61 % 1)).ToArray();

    /// <summary><c>[((j * 0.6180339887) % 1) * stretch for j in range(n)]</c>: even over [0, stretch).</summary>
    public static double[] Golden(int n, double stretch) => Enumerable.Range(0, n).Select(j => j * 0.6180339887 % 1 * stretch).ToArray();
}
