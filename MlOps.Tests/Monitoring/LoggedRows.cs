using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MlOps.Modules.Monitoring.Data;
using MlOps.Tests.Support;

namespace MlOps.Tests.Monitoring;

/// <summary>Reads the prediction log's tables directly, to check what reached the database.</summary>
internal static class LoggedRows
{
    public static async Task<int> CountAsync(MlOpsFactory factory, string model)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<MonitoringDbContext>().Predictions.CountAsync(p => p.Model == model);
    }

    /// <summary>Now, to the millisecond the log stores.</summary>
    public static DateTime Now()
    {
        var ticks = DateTime.UtcNow.Ticks;
        return new DateTime(ticks - ticks % TimeSpan.TicksPerMillisecond, DateTimeKind.Utc);
    }
}
