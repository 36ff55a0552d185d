using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MlOps.Modules.Monitoring.Contracts;

namespace MlOps.Modules.Monitoring.Alerts;

/// <summary>
/// The checks of one model over a window: drift of its production version (given enough logged records), and the error
/// rate of every version that was sent requests (a version called by number or by another alias fails callers too).
/// </summary>
internal sealed class ModelAlertCheck(
    IMonitoringQueries queries, IDriftMonitor drift, AlertStore alerts, DriftRetraining retraining, IOptions<MonitoringOptions> options, ILogger<ModelAlertCheck> logger)
{
    public async Task<IReadOnlyList<MonitoringAlert>> CheckAsync(string model, int version, TimeWindow window, CancellationToken cancellationToken)
    {
        var settings = options.Value.Alerts;
        var summary = await queries.GetSummaryAsync(model, window, cancellationToken);
        var raised = new List<MonitoringAlert>();
        if (summary?.ByVersion.FirstOrDefault(v => v.Version == version) is { } production && production.Records >= settings.MinimumRows
            && await JudgeDriftAsync(model, version, window, cancellationToken) is { } drifted)
            raised.AddRange(await RaiseAsync(drifted, cancellationToken));
        foreach (var traffic in summary?.ByVersion.Where(v => v.Version is not null) ?? [])
        {
            if (ErrorRateRule.Judge(model, traffic, window, settings) is { } failing)
                raised.AddRange(await RaiseAsync(failing, cancellationToken));
        }

        return raised;
    }

    private async Task<NewAlert?> JudgeDriftAsync(string model, int version, TimeWindow window, CancellationToken cancellationToken)
    {
        var report = await drift.GetDriftAsync(model, version, window, cancellationToken);
        if (report.Succeeded) return DriftRule.Judge(model, version, report.Value!, window);
        logger.LogWarning("Drift of {Model} version {Version} was not judged: {Problem}", model, version, string.Join(" ", report.Problems.Values.SelectMany(m => m)));
        return null;
    }

    /// <summary>Nothing while an alert of the same kind for the same version waits to be acknowledged.</summary>
    private async Task<IReadOnlyList<MonitoringAlert>> RaiseAsync(NewAlert alert, CancellationToken cancellationToken)
    {
        if (await alerts.IsOpenAsync(alert.Model, alert.Version, alert.Kind, cancellationToken)) return [];
        if (alert.Kind == AlertKinds.Drift) alert = alert with { Detail = $"{alert.Detail} {await retraining.StartAsync(alert.Model, cancellationToken)}" };
        return [await alerts.RecordAsync(alert, cancellationToken)];
    }
}
