using MlOps.Modules.Monitoring.Contracts;

namespace MlOps.Web.Components.Pages.Monitoring;

/// <summary>The traffic of one version, or of all versions together, out of a bucket or a summary.</summary>
public static class TrafficSlice
{
    private static readonly LatencyPercentiles NoLatency = new(null, null, null);

    public static VersionTraffic Of(TrafficPoint point, int? version) =>
        version is null
            ? new VersionTraffic(null, point.Requests, point.Records, point.Errors, point.Rejected, point.LatencyMs, point.Predictions, point.MeanValue)
            : Pick(point.ByVersion, version.Value);

    public static VersionTraffic Of(MonitoringSummary summary, int? version) =>
        version is null
            ? new VersionTraffic(null, summary.Requests, summary.Records, summary.Errors, summary.Rejected, summary.LatencyMs, summary.Predictions, summary.MeanValue)
            : Pick(summary.ByVersion, version.Value);

    private static VersionTraffic Pick(IReadOnlyList<VersionTraffic> versions, int version) =>
        versions.FirstOrDefault(v => v.Version == version) ?? new VersionTraffic(version, 0, 0, 0, 0, NoLatency, new Dictionary<string, long>(), null);
}
