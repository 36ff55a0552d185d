using MlOps.Modules.Monitoring.Data;
using MlOps.Modules.Monitoring.Queries;

namespace MlOps.Modules.Monitoring.Log;

/// <summary>Logged predictions totalled per model version and second, on their way to <see cref="TrafficSecondRecord"/>s.</summary>
internal sealed class SecondTotals
{
    private readonly Dictionary<(string Model, int Version, long Second), TrafficGroup> _seconds = [];

    public int Count => _seconds.Count;

    public void Add(string model, int version, DateTime at, bool firstOfRequest, string? label, double? value, double latencyMs)
    {
        var key = (model, version, SecondOf(at));
        if (!_seconds.TryGetValue(key, out var group)) _seconds[key] = group = new TrafficGroup();
        group.AddPrediction(firstOfRequest, label, value, latencyMs);
    }

    public IEnumerable<KeyValuePair<(string Model, int Version, long Second), TrafficGroup>> Seconds => _seconds;

    public void Clear() => _seconds.Clear();

    public static long SecondOf(DateTime at) => UnixMilliseconds.From(at) / 1000;
}
