namespace MlOps.Modules.Platform.Contracts;

public sealed record AuditEvent(string Actor, string Action, string EntityType, string EntityId, string? Details = null);

public sealed record AuditEntry(DateTime At, string Actor, string Action, string EntityType, string EntityId, string? Details);

public sealed record AuditQuery(string? EntityType = null, string? EntityId = null, string? Actor = null);

/// <summary>The append-only record of every state change, shared by all modules.</summary>
public interface IAuditLog
{
    Task RecordAsync(AuditEvent auditEvent, CancellationToken cancellationToken);

    Task<Paged<AuditEntry>> QueryAsync(AuditQuery query, PageRequest page, CancellationToken cancellationToken);
}
