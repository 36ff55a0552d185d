using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MlOps.Modules.Pipeline.Contracts;
using MlOps.Modules.Pipeline.Data;
using MlOps.Modules.Platform.Contracts;

namespace MlOps.Modules.Pipeline.Schedules;

/// <summary>Schedules live in the database, so they survive restarts: each start re-creates their triggers.</summary>
internal sealed class RestoreSchedules(IServiceScopeFactory scopes, PipelineScheduler scheduler) : IModuleInitializer
{
    public int Order => 30;

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PipelineDbContext>();
        var scheduled = await db.Pipelines.AsNoTracking().Where(p => p.ScheduleEnabled && p.ScheduleCron != null)
            .Select(p => new { p.Name, p.ScheduleCron }).ToListAsync(cancellationToken);
        foreach (var pipeline in scheduled)
            await scheduler.ApplyAsync(pipeline.Name, new ScheduleSettings(pipeline.ScheduleCron!, true), cancellationToken);
    }
}
