namespace MlOps.Modules.Monitoring.Contracts;

/// <summary>Monitoring's alert checks (drift and error rate of every production version), which also run on a schedule.</summary>
public interface IAlertChecks
{
    /// <summary>
    /// Runs the checks at once, on behalf of <paramref name="actor"/> (audited), and returns the alerts they raised.
    /// An alert is not raised again while one of the same kind for the same version is unacknowledged.
    /// </summary>
    Task<IReadOnlyList<MonitoringAlert>> EvaluateNowAsync(string actor, CancellationToken cancellationToken);
}
