using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace MlOps.Modules.Platform.Contracts;

/// <summary>
/// Work queued in a table (a <c>Status</c> of Queued, then Running) and claimed by exactly one replica. On PostgreSQL
/// the oldest queued row is locked with <c>FOR UPDATE SKIP LOCKED</c>, so replicas claiming together each get a
/// different row and never wait on each other; SQLite has one writer at a time, so the same statement is atomic there.
/// </summary>
public static class WorkQueue
{
    /// <summary>Marks the oldest queued row Running on <paramref name="replica"/> and returns its id; null when none waits.</summary>
    public static async Task<string?> ClaimNextAsync(DatabaseFacade database, string table, string queuedAtColumn, string replica, DateTime now,
        CancellationToken cancellationToken)
    {
        var locking = database.IsNpgsql() ? " FOR UPDATE SKIP LOCKED" : "";
        // The table and column names come from the calling module's code, never from a request.
        var claim = $$"""
            UPDATE {{table}} SET "Status" = 'Running', "Instance" = {0}, "StartedAt" = {1}
            WHERE "Id" = (SELECT "Id" FROM {{table}} WHERE "Status" = 'Queued' ORDER BY "{{queuedAtColumn}}", "Id" LIMIT 1{{locking}})
            RETURNING "Id" AS "Value"
            """;
        var claimed = await database.SqlQueryRaw<string>(claim, replica, now).ToListAsync(cancellationToken);
        return claimed.SingleOrDefault();
    }
}
