using MlOps.Modules.Monitoring.Contracts;
using static MlOps.Modules.Monitoring.Alerts.AlertText;

namespace MlOps.Modules.Monitoring.Alerts;

/// <summary>An <see cref="AlertKinds.ErrorRate"/> alert when too many of a version's predict requests failed in the window.</summary>
internal static class ErrorRateRule
{
    public static NewAlert? Judge(string model, VersionTraffic traffic, TimeWindow window, MonitoringOptions.AlertsOptions options)
    {
        if (traffic.Requests < options.MinimumRequests) return null;
        var rate = (double)traffic.Errors / traffic.Requests;
        if (rate <= options.ErrorRateThreshold) return null;

        return new NewAlert(model, traffic.Version, AlertKinds.ErrorRate, AlertSeverity.Critical,
            $"{Percent(rate)} of {traffic.Requests} requests failed {Window(window)}",
            Invariant($"{traffic.Errors} of {traffic.Requests} predict requests to version {traffic.Version} were answered with an error between {window.From:u} and {window.To:u}. ")
            + $"The limit is {Percent(options.ErrorRateThreshold)} of at least {options.MinimumRequests} requests (Monitoring:Alerts).");
    }
}
