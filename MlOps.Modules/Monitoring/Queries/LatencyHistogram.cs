using System.Buffers.Binary;
using System.Runtime.InteropServices;
using MlOps.Modules.Monitoring.Contracts;

namespace MlOps.Modules.Monitoring.Queries;

/// <summary>
/// Latencies counted in log-spaced buckets 1% wide: percentiles come out within 1% of the exact nearest-rank value,
/// in memory that does not grow with the number of predictions. The smallest and largest values are kept exactly.
/// </summary>
internal sealed class LatencyHistogram
{
    private const double FloorMs = 0.001;
    private const int PairBytes = 12;
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

    /// <summary>
    /// The buckets as a per-second total stores them: (bucket, count) pairs, 12 bytes each, little-endian. A day of
    /// totals is 86,400 of these, so they are read without parsing text.
    /// </summary>
    public byte[] BucketsBlob()
    {
        var blob = new byte[_buckets.Count * PairBytes];
        var offset = 0;
        foreach (var (bucket, count) in _buckets)
        {
            BinaryPrimitives.WriteInt32LittleEndian(blob.AsSpan(offset), bucket);
            BinaryPrimitives.WriteInt64LittleEndian(blob.AsSpan(offset + 4), count);
            offset += PairBytes;
        }

        return blob;
    }

    public double Min => _min;

    public double Max => _max;

    /// <summary>A histogram stored by <see cref="BucketsBlob"/>, with its extremes.</summary>
    public static LatencyHistogram Restore(ReadOnlySpan<byte> blob, double min, double max)
    {
        var histogram = new LatencyHistogram { _min = min, _max = max };
        for (var offset = 0; offset + PairBytes <= blob.Length; offset += PairBytes)
        {
            var count = BinaryPrimitives.ReadInt64LittleEndian(blob[(offset + 4)..]);
            histogram._buckets[BinaryPrimitives.ReadInt32LittleEndian(blob[offset..])] = count;
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
