namespace MlOps.Modules.Monitoring.Drift;

/// <summary>
/// Evidently's <c>z</c> drift test for a column with at most two values: the two-proportion z-test with a pooled
/// proportion, z = (p₁ − p₂) / √(P(1 − P)(1/n₁ + 1/n₂)), two-sided p-value 2(1 − Φ(|z|)). The proportion is that of the
/// first category; the other gives the same p-value with z of the opposite sign. One shared value gives p = 1.
/// </summary>
internal static class ProportionZTest
{
    public static TestResult TwoSided(int referenceHits, int referenceTotal, int currentHits, int currentTotal)
    {
        var pooled = (double)(referenceHits + currentHits) / (referenceTotal + currentTotal);
        if (pooled is 0 or 1) return new TestResult(0, 1);
        var z = ((double)referenceHits / referenceTotal - (double)currentHits / currentTotal)
            / Math.Sqrt(pooled * (1 - pooled) * (1.0 / referenceTotal + 1.0 / currentTotal));
        return new TestResult(z, SpecialFunctions.NormalTwoSidedPValue(z));
    }

    public static TestResult CurrentAgainstReference(CategoryCounts counts) =>
        TwoSided(counts.Reference[0], counts.ReferenceTotal, counts.Current[0], counts.CurrentTotal);
}
