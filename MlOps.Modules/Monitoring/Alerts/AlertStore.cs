using Microsoft.EntityFrameworkCore;
using MlOps.Modules.Monitoring.Contracts;
using MlOps.Modules.Monitoring.Data;
using MlOps.Modules.Platform.Contracts;

namespace MlOps.Modules.Monitoring.Alerts;

/// <summary>A new alert, as Monitoring's checks raise it.</summary>
internal sealed record NewAlert(string Model, int? Version, string Kind, AlertSeverity Severity, string Title, string? Detail = null);

/// <summary>Stores alerts; only Monitoring raises them (<see cref="RecordAsync"/>), people list and acknowledge them.</summary>
internal sealed class AlertStore(IDbContextFactory<MonitoringDbContext> contexts, IAuditLog audit, TimeProvider clock) : IMonitoringAlerts
{
    public const string SystemActor = "system:monitoring";
    public const string EntityType = "monitoring-alert";

    public async Task<MonitoringAlert> RecordAsync(NewAlert alert, CancellationToken cancellationToken)
    {
        var record = new AlertRecord
        {
            Id = Guid.CreateVersion7().ToString("N"),
            Model = alert.Model,
            Version = alert.Version,
            Kind = alert.Kind,
            Severity = alert.Severity,
            Title = alert.Title,
            Detail = alert.Detail,
            RaisedAt = clock.GetUtcNow().UtcDateTime,
        };
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.Alerts.Add(record);
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync(new AuditEvent(SystemActor, "monitoring-alert.raised", EntityType, record.Id, $"{alert.Severity} {alert.Kind} on {alert.Model}: {alert.Title}"),
            cancellationToken);
        return record.ToContract();
    }

    public async Task<Paged<MonitoringAlert>> ListAsync(AlertQuery query, PageRequest page, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var alerts = db.Alerts.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.Model)) alerts = alerts.Where(a => a.Model == query.Model);
        if (query.Acknowledged is { } acknowledged) alerts = alerts.Where(a => (a.AcknowledgedAt != null) == acknowledged);
        var total = await alerts.CountAsync(cancellationToken);
        var items = await alerts.OrderByDescending(a => a.RaisedAt).ThenByDescending(a => a.Id).Skip(page.Skip).Take(page.PageSize).ToListAsync(cancellationToken);
        return new Paged<MonitoringAlert>(items.Select(a => a.ToContract()).ToList(), page.Page, page.PageSize, total);
    }

    public async Task<bool> IsOpenAsync(string model, int? version, string kind, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Alerts.AnyAsync(a => a.Model == model && a.Version == version && a.Kind == kind && a.AcknowledgedAt == null, cancellationToken);
    }

    public async Task<int> CountUnacknowledgedAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Alerts.CountAsync(a => a.AcknowledgedAt == null, cancellationToken);
    }

    public async Task<OperationResult<MonitoringAlert>> AcknowledgeAsync(string id, string actor, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var alert = await db.Alerts.SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (alert is null) return OperationResult<MonitoringAlert>.Fail(OperationError.NotFound, "id", $"There is no alert '{id}'.");
        if (alert.AcknowledgedAt is { } at)
            return OperationResult<MonitoringAlert>.Fail(OperationError.Conflict, "id", $"Alert '{id}' was acknowledged by {alert.AcknowledgedBy} at {at:u}.");

        alert.AcknowledgedAt = clock.GetUtcNow().UtcDateTime;
        alert.AcknowledgedBy = actor;
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync(new AuditEvent(actor, "monitoring-alert.acknowledged", EntityType, id, $"{alert.Kind} on {alert.Model}: {alert.Title}"), cancellationToken);
        return OperationResult<MonitoringAlert>.Ok(alert.ToContract());
    }
}
