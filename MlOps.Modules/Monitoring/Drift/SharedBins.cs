namespace MlOps.Modules.Monitoring.Drift;

/// <summary>
/// The reference and current distributions over common bins, as Evidently's <c>get_binned_data</c> builds them for
/// PSI and Jensen–Shannon, and as the UI charts them: a numeric column with more than 20 distinct reference values gets
/// NumPy's <c>histogram_bin_edges(reference ∪ current, bins="sturges")</c>, anything else one bin per value. Shares are
/// counts over each sample's size.
/// </summary>
internal sealed record SharedBins(IReadOnlyList<double>? Edges, IReadOnlyList<string>? Categories, double[] Reference, double[] Current)
{
    private const int MaxDistinctAsCategories = 20;
    private const double EmptyShare = 0.0001;

    public static SharedBins ForNumbers(IReadOnlyCollection<double> reference, IReadOnlyCollection<double> current)
    {
        if (reference.Distinct().Count() <= MaxDistinctAsCategories) return ForCategories(CategoryCounts.Of(reference, current));
        var edges = SturgesEdges(reference.Concat(current).ToArray());
        return new SharedBins(edges, null, Shares(Histogram(reference, edges), reference.Count), Shares(Histogram(current, edges), current.Count));
    }

    public static SharedBins ForCategories(CategoryCounts counts) =>
        new(null, counts.Categories, Shares(counts.Reference, counts.ReferenceTotal), Shares(counts.Current, counts.CurrentTotal));

    /// <summary>
    /// Evidently's <c>feel_zeroes</c>: an empty bin gets a share of 0.0001, or a millionth of the smallest non-zero share
    /// when that is smaller still, so PSI's logarithm stays finite.
    /// </summary>
    public static double[] WithoutEmptyBins(double[] shares)
    {
        var smallest = shares.Where(s => s > 0).DefaultIfEmpty(EmptyShare).Min();
        var filler = smallest <= EmptyShare ? smallest / 1e6 : EmptyShare;
        return Array.ConvertAll(shares, s => s == 0 ? filler : s);
    }

    /// <summary>NumPy's Sturges rule: ⌈range / (range / (log₂ n + 1))⌉ equal bins over [min, max] (±0.5 when constant), edges from <c>linspace</c>.</summary>
    private static double[] SturgesEdges(double[] values)
    {
        double first = values.Min(), last = values.Max();
        var width = (last - first) / (Math.Log2(values.Length) + 1.0);
        if (first == last) (first, last) = (first - 0.5, last + 0.5);
        var bins = width > 0 ? (int)Math.Ceiling((last - first) / width) : 1;
        var step = (last - first) / bins;
        var edges = new double[bins + 1];
        for (var k = 0; k < bins; k++) edges[k] = k * step + first;
        edges[bins] = last;
        return edges;
    }

    /// <summary><c>np.histogram(values, edges)</c>: bins closed on the left, the last one on both sides.</summary>
    private static int[] Histogram(IEnumerable<double> values, double[] edges)
    {
        var counts = new int[edges.Length - 1];
        foreach (var value in values)
        {
            var bin = UpperBound(edges, value) - 1;
            if (bin == counts.Length && value == edges[^1]) bin--;
            if (bin >= 0 && bin < counts.Length) counts[bin]++;
        }

        return counts;
    }

    /// <summary>How many edges are at or below the value.</summary>
    private static int UpperBound(double[] edges, double value)
    {
        int low = 0, high = edges.Length;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (edges[middle] <= value) low = middle + 1;
            else high = middle;
        }

        return low;
    }

    private static double[] Shares(int[] counts, int total) => Array.ConvertAll(counts, c => (double)c / total);
}
