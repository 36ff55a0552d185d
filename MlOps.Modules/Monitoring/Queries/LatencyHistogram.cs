using System.Runtime.InteropServices;
using System.Text.Json;
using MlOps.Modules.Monitoring.Contracts;

namespace MlOps.Modules.Monitoring.Queries;

/// <summary>
/// Latencies counted in log-spaced buckets 1% wide: percentiles come out within 1% of the exact nearest-rank value,
/// in memory that does not grow with the number of predictions. The smallest and largest values are kept exactly.
/// </summary>
internal sealed class LatencyHistogram
{
    private const double FloorMs = 0.001;
    private const double Growth = 1.01;
    private static readonly double LogGrowth = Math.Log(Growth);

    private readonly Dictionary<int, long> _buckets = [];
    private double _min = double.MaxValue;
    private double _max = double.MinValue;

    public long Count { get; private set; }

    public void Add(double milliseconds)
    {
        var bucket = milliseconds <= FloorMs ? 0 : (int)Math.Ceiling(Math.Log(milliseconds / FloorMs) / LogGrowth);
        CollectionsMarshal.GetValueRefOrAddDefault(_buckets, bucket, out _)++;
        _min = Math.Min(_min, milliseconds);
        _max = Math.Max(_max, milliseconds);
        Count++;
    }

    public void Add(LatencyHistogram other)
    {
        foreach (var (bucket, count) in other._buckets) CollectionsMarshal.GetValueRefOrAddDefault(_buckets, bucket, out _) += count;
        _min = Math.Min(_min, other._min);
        _max = Math.Max(_max, other._max);
        Count += other.Count;
    }

    /// <summary>The buckets as stored in a traffic rollup: <c>{"bucket": count}</c>.</summary>
    public string BucketsJson() => JsonSerializer.Serialize(_buckets);

    public double Min => _min;

    public double Max => _max;

    /// <summary>A histogram stored by <see cref="BucketsJson"/>, with its extremes.</summary>
    public static LatencyHistogram Restore(string bucketsJson, double min, double max)
    {
        var histogram = new LatencyHistogram { _min = min, _max = max };
        foreach (var (bucket, count) in JsonSerializer.Deserialize<Dictionary<int, long>>(bucketsJson)!)
        {
            histogram._buckets[bucket] = count;
            histogram.Count += count;
        }

        return histogram;
    }

    public LatencyPercentiles Percentiles()
    {
        if (Count == 0) return new LatencyPercentiles(null, null, null);
        double[] quantiles = [0.50, 0.95, 0.99];
        var values = new double[quantiles.Length];
        var next = 0;
        long seen = 0;
        foreach (var (bucket, count) in _buckets.OrderBy(b => b.Key))
        {
            seen += count;
            while (next < quantiles.Length && seen >= Rank(quantiles[next])) values[next++] = Math.Round(Math.Clamp(UpperBound(bucket), _min, _max), 4);
        }

        return new LatencyPercentiles(values[0], values[1], values[2]);
    }

    private long Rank(double quantile) => Math.Max(1, (long)Math.Ceiling(quantile * Count));

    private static double UpperBound(int bucket) => FloorMs * Math.Pow(Growth, bucket);
}
