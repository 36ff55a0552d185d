using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MlOps.Modules.Monitoring.Contracts;

namespace MlOps.Modules.Monitoring.Alerts;

/// <summary>The checks of one production version over a window: drift (given enough logged records) and error rate.</summary>
internal sealed class ModelAlertCheck(
    IMonitoringQueries queries, IDriftMonitor drift, AlertStore alerts, DriftRetraining retraining, IOptions<MonitoringOptions> options, ILogger<ModelAlertCheck> logger)
{
    public async Task<IReadOnlyList<MonitoringAlert>> CheckAsync(string model, int version, TimeWindow window, CancellationToken cancellationToken)
    {
        var settings = options.Value.Alerts;
        var summary = await queries.GetSummaryAsync(model, window, cancellationToken);
        if (summary?.ByVersion.FirstOrDefault(v => v.Version == version) is not { } traffic) return [];

        var raised = new List<MonitoringAlert>();
        if (traffic.Records >= settings.MinimumRows && await JudgeDriftAsync(model, version, window, cancellationToken) is { } drifted)
            raised.AddRange(await RaiseAsync(drifted, cancellationToken));
        if (ErrorRateRule.Judge(model, traffic, window, settings) is { } failing)
            raised.AddRange(await RaiseAsync(failing, cancellationToken));
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
