namespace MlOps.Modules.Monitoring.Drift;

/// <summary>
/// Evidently's <c>psi</c>: Σ (r − c) · ln(r / c) over the shares of each bin or category (<see cref="SharedBins"/>),
/// empty bins first given a small share so the logarithm stays finite.
/// </summary>
internal static class PopulationStabilityIndex
{
    public static double Between(IReadOnlyList<double> referenceShares, IReadOnlyList<double> currentShares)
    {
        if (referenceShares.Count != currentShares.Count) throw new ArgumentException("Both distributions need the same bins.");
        var psi = 0.0;
        for (var i = 0; i < referenceShares.Count; i++)
            psi += (referenceShares[i] - currentShares[i]) * Math.Log(referenceShares[i] / currentShares[i]);
        return psi;
    }
}
