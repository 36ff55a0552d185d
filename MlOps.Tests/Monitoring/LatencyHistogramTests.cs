using MlOps.Modules.Monitoring.Queries;

namespace MlOps.Tests.Monitoring;

public sealed class LatencyHistogramTests
{
    [Fact]
    public void Percentiles_are_the_nearest_rank_values_to_within_one_percent()
    {
        var histogram = new LatencyHistogram();
        foreach (var ms in Enumerable.Range(1, 100).Reverse()) histogram.Add(ms);

        var percentiles = histogram.Percentiles();

        // Nearest rank over 1..100 ms: p50 is the 50th value, p95 the 95th, p99 the 99th.
        Assert.InRange(percentiles.P50!.Value, 50, 50 * 1.01);
        Assert.InRange(percentiles.P95!.Value, 95, 95 * 1.01);
        Assert.InRange(percentiles.P99!.Value, 99, 99 * 1.01);
    }

    [Fact]
    public void The_smallest_and_largest_values_are_exact()
    {
        var single = new LatencyHistogram();
        single.Add(3.7);
        var spread = new LatencyHistogram();
        foreach (var ms in new[] { 0.0004, 0.2, 0.2, 0.2, 250.0 }) spread.Add(ms);

        Assert.Equal(new(3.7, 3.7, 3.7), single.Percentiles());
        Assert.Equal(250.0, spread.Percentiles().P99);
        Assert.InRange(spread.Percentiles().P50!.Value, 0.2, 0.2 * 1.01);
    }

    [Fact]
    public void Merged_histograms_give_the_percentiles_of_all_their_values()
    {
        var (low, high, all) = (new LatencyHistogram(), new LatencyHistogram(), new LatencyHistogram());
        for (var ms = 1; ms <= 100; ms++)
        {
            (ms <= 50 ? low : high).Add(ms);
            all.Add(ms);
        }

        low.Add(high);

        Assert.Equal(all.Percentiles(), low.Percentiles());
        Assert.Equal(100, low.Count);
    }

    [Fact]
    public void No_latencies_have_no_percentiles() =>
        Assert.Equal(new(null, null, null), new LatencyHistogram().Percentiles());
}
