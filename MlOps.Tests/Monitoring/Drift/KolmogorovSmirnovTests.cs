using MlOps.Modules.Monitoring.Drift;

namespace MlOps.Tests.Monitoring.Drift;

public sealed class KolmogorovSmirnovTests
{
    [Fact]
    public void Separated_samples_of_three_have_the_exact_p_value_of_two_paths_in_twenty()
    {
        // By hand: D = 1; of the C(6, 3) = 20 orderings of the six values only "all x first" and "all y first" reach D = 1, so p = 2/20.
        // SciPy 1.10.1: ks_2samp([1, 2, 3], [4, 5, 6]) = (1.0, 0.09999999999999999).
        var result = KolmogorovSmirnovTest.TwoSample([1, 2, 3], [4, 5, 6]);

        Assert.Equal(1.0, result.Statistic, 1e-12);
        Assert.Equal(0.1, result.PValue, 1e-12);
    }

    [Fact]
    public void Separated_samples_of_four_and_three_have_p_two_in_thirty_five()
    {
        // By hand: D = 1 and p = 2 / C(7, 3) = 2/35. SciPy 1.10.1: ks_2samp([1, 2, 3, 4], [5, 6, 7]).pvalue = 0.05714285714285715.
        var result = KolmogorovSmirnovTest.TwoSample([1, 2, 3, 4], [5, 6, 7]);

        Assert.Equal(1.0, result.Statistic, 1e-12);
        Assert.Equal(2.0 / 35, result.PValue, 1e-12);
    }

    [Fact]
    public void Identical_samples_do_not_differ() =>
        Assert.Equal(new TestResult(0, 1), KolmogorovSmirnovTest.TwoSample([2, 1, 3], [3, 2, 1]));

    [Fact]
    public void Unequal_samples_match_scipy_exact_p_value()
    {
        // SciPy 1.10.1: ks_2samp([(i * 0.37) % 1 for i in range(200)], [sqrt((j * 0.61) % 1) for j in range(150)])
        //   = (0.25, 3.5260075699296825e-05)
        var result = KolmogorovSmirnovTest.TwoSample(Samples.Spread(200), Samples.Skewed(150));

        Assert.Equal(0.25, result.Statistic, 1e-12);
        Assert.Equal(3.5260075699296825e-05, result.PValue, 3.5260075699296825e-05 * 1e-9);
    }

    [Fact]
    public void Tied_values_match_scipy()
    {
        // SciPy 1.10.1: ks_2samp([i % 7 for i in range(60)], [i % 9 for i in range(45)]) = (0.2222222222222222, 0.13872209324195223)
        var result = KolmogorovSmirnovTest.TwoSample(
            Enumerable.Range(0, 60).Select(i => (double)(i % 7)).ToArray(), Enumerable.Range(0, 45).Select(i => (double)(i % 9)).ToArray());

        Assert.Equal(0.2222222222222222, result.Statistic, 1e-12);
        Assert.Equal(0.13872209324195223, result.PValue, 1e-6);
    }

    [Theory]
    // SciPy 1.10.1, ks_2samp(reference, current) with reference = [(i * 0.37) % 1 for i in range(1000)] and current of 3000 values:
    //   [sqrt((j * 0.61) % 1)]               → (0.25, 1.2316805916521378e-41)
    //   [(j * 0.6180339887) % 1]             → (0.010333333333333333, 0.9999975885846502)
    //   [((j * 0.6180339887) % 1) * 1.03]    → (0.039, 0.20144076135589833)
    [InlineData(0, 0.25, 1.2316805916521378e-41)]
    [InlineData(1, 0.010333333333333333, 0.9999975885846502)]
    [InlineData(1.03, 0.039, 0.20144076135589833)]
    public void Samples_of_a_thousand_and_three_thousand_match_scipy_exact_p_value_to_a_millionth_of_itself(double stretch, double statistic, double pValue)
    {
        var current = stretch == 0 ? Samples.Skewed(3000) : Samples.Golden(3000, stretch);

        var result = KolmogorovSmirnovTest.TwoSample(Samples.Spread(1000), current);

        Assert.Equal(statistic, result.Statistic, 1e-12);
        Assert.Equal(pValue, result.PValue, pValue * 1e-6);
    }

    [Fact]
    public void Above_ten_thousand_values_the_asymptotic_p_value_is_within_five_thousandths_of_scipy()
    {
        // SciPy 1.10.1: ks_2samp([(i * 0.37) % 1 for i in range(800)], [((j * 0.6180339887) % 1) * 1.01 for j in range(12000)])
        //   = (0.01975, 0.9259899774839071), from kstwo.sf(D, round(mn / (m + n))); Stephens' approximation is documented to differ slightly.
        var result = KolmogorovSmirnovTest.TwoSample(Samples.Spread(800), Samples.Golden(12000, 1.01));

        Assert.Equal(0.01975, result.Statistic, 1e-12);
        Assert.Equal(0.9259899774839071, result.PValue, 5e-3);
    }
}
