using MlOps.Modules.Monitoring.Contracts;
using static MlOps.Modules.Monitoring.Alerts.AlertText;

namespace MlOps.Modules.Monitoring.Alerts;

/// <summary>
/// An <see cref="AlertKinds.ErrorRate"/> alert when the model failed too many of a version's predict requests in the
/// window. Requests refused for the caller's own mistakes (<see cref="VersionTraffic.Rejected"/>) count for neither side.
/// </summary>
internal static class ErrorRateRule
{
    public static NewAlert? Judge(string model, VersionTraffic traffic, TimeWindow window, MonitoringOptions.AlertsOptions options)
    {
        var given = traffic.Requests - traffic.Rejected;
        if (given < options.MinimumRequests || traffic.ErrorRate is not { } rate || rate <= options.ErrorRateThreshold) return null;

        return new NewAlert(model, traffic.Version, AlertKinds.ErrorRate, AlertSeverity.Critical,
            $"{Percent(rate)} of {given} requests failed {Window(window)}",
            Invariant($"{traffic.Errors} of {given} predict requests to version {traffic.Version} failed in the model between {window.From:u} and {window.To:u}")
            + Invariant($"{(traffic.Rejected > 0 ? $" ({traffic.Rejected} more were refused for the caller's own mistakes and are not counted)" : "")}. ")
            + $"The limit is {Percent(options.ErrorRateThreshold)} of at least {options.MinimumRequests} requests (Monitoring:Alerts).");
    }
}
