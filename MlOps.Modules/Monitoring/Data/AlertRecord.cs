using MlOps.Modules.Monitoring.Contracts;

namespace MlOps.Modules.Monitoring.Data;

internal sealed class AlertRecord
{
    public required string Id { get; init; }
    public required string Model { get; init; }
    public int? Version { get; init; }
    public required string Kind { get; init; }
    public AlertSeverity Severity { get; init; }
    public required string Title { get; init; }
    public string? Detail { get; init; }
    public DateTime RaisedAt { get; init; }
    public DateTime? AcknowledgedAt { get; set; }
    public string? AcknowledgedBy { get; set; }

    public MonitoringAlert ToContract() => new(Id, Model, Version, Kind, Severity, Title, Detail, RaisedAt, AcknowledgedAt, AcknowledgedBy);
}
