using System.Text.Json;
using MlOps.Modules.Monitoring.Contracts;
using MlOps.Modules.Monitoring.Data;
using MlOps.Modules.Serving.Contracts;

namespace MlOps.Modules.Monitoring.Queries;

/// <summary>Running totals for one stretch of traffic (a bucket, a version or both), and their contract shapes.</summary>
internal sealed class TrafficGroup
{
    private readonly Dictionary<string, long> _labels = new(StringComparer.Ordinal);
    private LatencyHistogram _latency = new();
    private long _answered;
    private double _valueSum;
    private long _values;

    public long Requests => _answered + Errors + Rejected;

    public long Records { get; private set; }

    public long Errors { get; private set; }

    public long Rejected { get; private set; }

    public void AddPrediction(bool firstOfRequest, string? label, double? value, double latencyMs)
    {
        if (firstOfRequest) _answered++;
        Records++;
        if (label is not null) _labels[label] = _labels.GetValueOrDefault(label) + 1;
        if (value is { } number)
        {
            _valueSum += number;
            _values++;
        }

        _latency.Add(latencyMs);
    }

    public void AddFailure(int statusCode)
    {
        if (PredictionFailure.IsCallersMistake(statusCode)) Rejected++;
        else Errors++;
    }

    public void Add(TrafficGroup other)
    {
        _answered += other._answered;
        Records += other.Records;
        Errors += other.Errors;
        Rejected += other.Rejected;
        foreach (var (label, count) in other._labels) _labels[label] = _labels.GetValueOrDefault(label) + count;
        _valueSum += other._valueSum;
        _values += other._values;
        _latency.Add(other._latency);
    }

    /// <summary>A second's totals as <see cref="TrafficSecondRecord"/> stores them.</summary>
    public static TrafficGroup From(TrafficSecondRecord second)
    {
        var group = new TrafficGroup
        {
            _answered = second.Answered,
            Records = second.Records,
            _valueSum = second.ValueSum,
            _values = second.Values,
            _latency = LatencyHistogram.Restore(second.Latency, second.LatencyMin, second.LatencyMax),
        };
        foreach (var (label, count) in JsonSerializer.Deserialize<Dictionary<string, long>>(second.Labels)!) group._labels[label] = count;
        return group;
    }

    /// <summary>These totals as a new stored second.</summary>
    public TrafficSecondRecord ToRecord(string model, int version, long second)
    {
        var record = new TrafficSecondRecord { Model = model, Version = version, Second = second, Labels = "{}", Latency = [] };
        CopyTo(record);
        return record;
    }

    /// <summary>Writes these totals (predictions only: failures are counted from their own table) into <paramref name="second"/>.</summary>
    public void CopyTo(TrafficSecondRecord second)
    {
        second.Answered = _answered;
        second.Records = Records;
        second.ValueSum = _valueSum;
        second.Values = _values;
        second.LatencyMin = _latency.Min;
        second.LatencyMax = _latency.Max;
        second.Labels = JsonSerializer.Serialize(_labels);
        second.Latency = _latency.BucketsBlob();
    }

    public VersionTraffic ToVersion(int? version) => new(version, Requests, Records, Errors, Rejected, _latency.Percentiles(), Labels(), MeanValue());

    public TrafficPoint ToPoint(DateTime start, IReadOnlyList<VersionTraffic> byVersion) =>
        new(start, Requests, Records, Errors, Rejected, _latency.Percentiles(), Labels(), MeanValue(), byVersion);

    public MonitoringSummary ToSummary(string model, TimeWindow window, IReadOnlyList<VersionTraffic> byVersion) =>
        new(model, window.From, window.To, Requests, Records, Errors, Rejected, _latency.Percentiles(), Labels(), MeanValue(), byVersion);

    private Dictionary<string, long> Labels() =>
        _labels.OrderByDescending(l => l.Value).ThenBy(l => l.Key, StringComparer.Ordinal).ToDictionary(l => l.Key, l => l.Value, StringComparer.Ordinal);

    private double? MeanValue() => _values == 0 ? null : _valueSum / _values;
}
