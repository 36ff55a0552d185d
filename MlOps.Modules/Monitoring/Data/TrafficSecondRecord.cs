namespace MlOps.Modules.Monitoring.Data;

/// <summary>
/// One second of one model version's logged predictions, totalled as they are written: summaries and time series read
/// these instead of every prediction. <see cref="Labels"/> is <c>{"label": count}</c>; <see cref="Latency"/> holds the
/// latency histogram's buckets (<see cref="Queries.LatencyHistogram.BucketsBlob"/>).
/// </summary>
internal sealed class TrafficSecondRecord
{
    public long Id { get; init; }
    public required string Model { get; init; }
    public int Version { get; init; }

    /// <summary>Seconds since 1970 (UTC) at which this second starts.</summary>
    public long Second { get; init; }

    public long Answered { get; set; }
    public long Records { get; set; }
    public double ValueSum { get; set; }
    public long Values { get; set; }
    public double LatencyMin { get; set; }
    public double LatencyMax { get; set; }
    public required string Labels { get; set; }
    public required byte[] Latency { get; set; }
}
