using Microsoft.EntityFrameworkCore;
using MlOps.Modules.Platform.Contracts;
using MlOps.Modules.Platform.Data;

namespace MlOps.Modules.Platform.Audit;

internal sealed class AuditLog(IDbContextFactory<PlatformDbContext> contexts, TimeProvider clock) : IAuditLog
{
    public async Task RecordAsync(AuditEvent auditEvent, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.Audit.Add(new AuditRecord
        {
            At = clock.GetUtcNow().UtcDateTime,
            Actor = auditEvent.Actor,
            Action = auditEvent.Action,
            EntityType = auditEvent.EntityType,
            EntityId = auditEvent.EntityId,
            Details = auditEvent.Details,
        });
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<Paged<AuditEntry>> QueryAsync(AuditQuery query, PageRequest page, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var entries = db.Audit.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.EntityType)) entries = entries.Where(a => a.EntityType == query.EntityType);
        if (!string.IsNullOrWhiteSpace(query.EntityId)) entries = entries.Where(a => a.EntityId == query.EntityId);
        if (!string.IsNullOrWhiteSpace(query.Actor)) entries = entries.Where(a => a.Actor == query.Actor);
        var total = await entries.CountAsync(cancellationToken);
        var items = await entries
            .OrderByDescending(a => a.Id)
            .Skip(page.Skip)
            .Take(page.PageSize)
            .Select(a => new AuditEntry(a.At, a.Actor, a.Action, a.EntityType, a.EntityId, a.Details))
            .ToListAsync(cancellationToken);
        return new Paged<AuditEntry>(items, page.Page, page.PageSize, total);
    }
}
