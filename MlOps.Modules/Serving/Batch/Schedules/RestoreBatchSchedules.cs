using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MlOps.Modules.Platform.Contracts;
using MlOps.Modules.Serving.Data;

namespace MlOps.Modules.Serving.Batch.Schedules;

/// <summary>Schedules live in the database, so they survive restarts: each start re-creates their triggers.</summary>
internal sealed class RestoreBatchSchedules(IServiceScopeFactory scopes, BatchScheduler scheduler) : IModuleInitializer
{
    public int Order => 30;

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ServingDbContext>();
        var scheduled = await db.BatchDefinitions.AsNoTracking().Where(d => d.Schedule != null)
            .Select(d => new { d.Name, d.Schedule }).ToListAsync(cancellationToken);
        foreach (var definition in scheduled) await scheduler.ApplyAsync(definition.Name, definition.Schedule, cancellationToken);
    }
}
