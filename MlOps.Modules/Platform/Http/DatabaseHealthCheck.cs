using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using MlOps.Modules.Platform.Data;

namespace MlOps.Modules.Platform.Http;

internal sealed class DatabaseHealthCheck(IDbContextFactory<PlatformDbContext> contexts) : IHealthCheck
{
    public const string ReadyTag = "ready";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Database.CanConnectAsync(cancellationToken) && !(await db.Database.GetPendingMigrationsAsync(cancellationToken)).Any()
            ? HealthCheckResult.Healthy("The database answers and is migrated.")
            : HealthCheckResult.Unhealthy("The database is unreachable or not migrated. Check MlOps:DataDirectory and MlOps:DatabaseFileName.");
    }
}
