using MlOps.Modules.Monitoring.Drift;

namespace MlOps.Tests.Monitoring.Drift;

public sealed class PopulationStabilityTests
{
    private static readonly double[] Reference30 = Samples.Spread(30).Select(v => v * 10).ToArray();
    private static readonly double[] Current25 = Samples.Skewed(25).Select(v => v * 10).ToArray();

    [Fact]
    public void Psi_of_three_categories_matches_the_hand_computation() =>
        // By hand: (0.5 − 0.3) ln(0.5/0.3) + 0 + (0.2 − 0.4) ln(0.2/0.4) = 0.2 (ln(5/3) + ln 2) = 0.2 ln(10/3) = 0.24079456086518725.
        Assert.Equal(0.2 * Math.Log(10.0 / 3), PopulationStabilityIndex.Between([0.5, 0.3, 0.2], [0.3, 0.3, 0.4]), 1e-12);

    [Fact]
    public void Empty_bins_get_a_ten_thousandth_or_a_millionth_of_the_smallest_share()
    {
        // Evidently's feel_zeroes: 0.0001, unless the smallest non-zero share is at most that, then a millionth of it.
        Assert.Equal([0.5, 0.5, 0.0001], SharedBins.WithoutEmptyBins([0.5, 0.5, 0]));
        Assert.Equal([0.99995, 0.00005, 0.00005 / 1e6], SharedBins.WithoutEmptyBins([0.99995, 0.00005, 0]));
    }

    [Fact]
    public void Many_valued_numbers_share_numpy_sturges_bins()
    {
        // NumPy 1.24.2: a = [((i * 0.37) % 1) * 10 for i in range(30)], b = [sqrt((j * 0.61) % 1) * 10 for j in range(25)]
        //   histogram_bin_edges(a + b, bins="sturges") = [0.0, 1.4142857142857146, 2.828571428571429, 4.242857142857144, 5.657142857142858,
        //     7.071428571428573, 8.485714285714288, 9.900000000000002]; histogram(a, edges) = [5, 3, 5, 4, 4, 4, 5], histogram(b, edges) = [1, 2, 2, 4, 4, 6, 6]
        var bins = SharedBins.ForNumbers(Reference30, Current25);

        double[] edges = [0.0, 1.4142857142857146, 2.828571428571429, 4.242857142857144, 5.657142857142858, 7.071428571428573, 8.485714285714288, 9.900000000000002];
        Assert.Equal(edges.Length, bins.Edges!.Count);
        for (var i = 0; i < edges.Length; i++) Assert.Equal(edges[i], bins.Edges[i], 1e-12);
        Assert.Equal(new double[] { 5, 3, 5, 4, 4, 4, 5 }.Select(c => c / 30), bins.Reference);
        Assert.Equal(new double[] { 1, 2, 2, 4, 4, 6, 6 }.Select(c => c / 25), bins.Current);
        Assert.Null(bins.Categories);
    }

    [Fact]
    public void Psi_over_numpy_bins_matches_the_hand_computation()
    {
        // By hand from the bins above: Σ (r − c) ln(r / c) with r = counts / 30 and c = counts / 25 = 0.3480031601960036.
        var bins = SharedBins.ForNumbers(Reference30, Current25);

        Assert.Equal(0.3480031601960036, PopulationStabilityIndex.Between(SharedBins.WithoutEmptyBins(bins.Reference), SharedBins.WithoutEmptyBins(bins.Current)), 1e-12);
    }

    [Fact]
    public void Numbers_with_at_most_twenty_reference_values_are_binned_one_bin_per_value()
    {
        var bins = SharedBins.ForNumbers([1, 2, 2, 3], [2, 4]);

        Assert.Null(bins.Edges);
        Assert.Equal(["1", "2", "3", "4"], bins.Categories);
        Assert.Equal([0.25, 0.5, 0.25, 0], bins.Reference);
        Assert.Equal([0, 0.5, 0, 0.5], bins.Current);
    }
}
