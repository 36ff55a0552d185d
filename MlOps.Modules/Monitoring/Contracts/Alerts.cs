using MlOps.Modules.Platform.Contracts;

namespace MlOps.Modules.Monitoring.Contracts;

public enum AlertSeverity
{
    Warning,
    Critical,
}

/// <summary>Something about a model that needs a person's eye; <see cref="Kind"/> is one of <see cref="AlertKinds"/>.</summary>
public sealed record MonitoringAlert(
    string Id,
    string Model,
    int? Version,
    string Kind,
    AlertSeverity Severity,
    string Title,
    string? Detail,
    DateTime RaisedAt,
    DateTime? AcknowledgedAt,
    string? AcknowledgedBy);

public sealed record AlertQuery(string? Model = null, bool? Acknowledged = null);

/// <summary>Alerts raised by Monitoring's checks, for the alerts list, the app bar badge and acknowledging.</summary>
public interface IMonitoringAlerts
{
    /// <summary>Newest first.</summary>
    Task<Paged<MonitoringAlert>> ListAsync(AlertQuery query, PageRequest page, CancellationToken cancellationToken);

    Task<int> CountUnacknowledgedAsync(CancellationToken cancellationToken);

    /// <summary>NotFound for an unknown id; Conflict when it was acknowledged already.</summary>
    Task<OperationResult<MonitoringAlert>> AcknowledgeAsync(string id, string actor, CancellationToken cancellationToken);
}
