using MlOps.Modules.Monitoring.Contracts;

namespace MlOps.Modules.Monitoring.Queries;

/// <summary>
/// Folds logged predictions, per-second totals and failures into fixed buckets per version. Buckets are whole seconds
/// counted from the window's start rounded down to its second, so that each stored second falls in one bucket.
/// </summary>
internal sealed class TrafficAggregator(TimeWindow window, TimeSpan bucket)
{
    private readonly Dictionary<(int Bucket, int? Version), TrafficGroup> _groups = [];
    private readonly DateTime _origin = window.From.AddTicks(-(window.From.Ticks % TimeSpan.TicksPerSecond));

    public int BucketCount { get; } = (int)Math.Ceiling(window.Length.Ticks / (double)bucket.Ticks);

    public void AddPrediction(DateTime at, int version, bool firstOfRequest, string? label, double? value, double latencyMs) =>
        Group(at, version).AddPrediction(firstOfRequest, label, value, latencyMs);

    public void AddSecond(DateTime start, int version, TrafficGroup totals) => Group(start, version).Add(totals);

    public void AddFailure(DateTime at, int? version, int statusCode) => Group(at, version).AddFailure(statusCode);

    /// <summary>Every bucket in order, empty ones included, each with its versions (oldest version first, unresolved last).</summary>
    public IReadOnlyList<(DateTime Start, TrafficGroup Total, IReadOnlyList<VersionTraffic> ByVersion)> Buckets()
    {
        var byBucket = _groups.ToLookup(g => g.Key.Bucket);
        var buckets = new List<(DateTime, TrafficGroup, IReadOnlyList<VersionTraffic>)>(BucketCount);
        for (var i = 0; i < BucketCount; i++)
        {
            var total = new TrafficGroup();
            var versions = new List<VersionTraffic>();
            foreach (var group in byBucket[i].OrderBy(g => g.Key.Version ?? int.MaxValue))
            {
                total.Add(group.Value);
                versions.Add(group.Value.ToVersion(group.Key.Version));
            }

            buckets.Add((_origin + bucket * i, total, versions));
        }

        return buckets;
    }

    private TrafficGroup Group(DateTime at, int? version)
    {
        var index = Math.Clamp((int)((at - _origin).Ticks / bucket.Ticks), 0, BucketCount - 1);
        if (!_groups.TryGetValue((index, version), out var group)) _groups[(index, version)] = group = new TrafficGroup();
        return group;
    }
}
