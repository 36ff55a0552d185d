using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MlOps.Modules.Monitoring.Data;
using MlOps.Modules.Platform.Contracts;

namespace MlOps.Modules.Monitoring.Log;

/// <summary>
/// Totals a prediction log written before per-second totals existed: when the log holds predictions and no totals,
/// once, at start-up. It runs before the log writer starts, so no prediction is counted twice.
/// </summary>
internal sealed class RebuildTrafficSeconds(IServiceScopeFactory scopes, ILogger<RebuildTrafficSeconds> logger) : IModuleInitializer
{
    private const int SecondsPerSave = 5000;

    public int Order => 20;

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await using var readScope = scopes.CreateAsyncScope();
        await using var writeScope = scopes.CreateAsyncScope();
        var log = readScope.ServiceProvider.GetRequiredService<MonitoringDbContext>();
        var totals = writeScope.ServiceProvider.GetRequiredService<MonitoringDbContext>();
        if (await totals.TrafficSeconds.AnyAsync(cancellationToken) || !await log.Predictions.AnyAsync(cancellationToken)) return;

        var started = Stopwatch.GetTimestamp();
        var rows = log.Predictions.AsNoTracking().OrderBy(p => p.At)
            .Select(p => new { p.Model, p.Version, p.At, p.RecordIndex, p.Label, p.Value, p.LatencyMs });
        var seconds = new SecondTotals();
        long predictions = 0, saved = 0, current = long.MinValue;
        await foreach (var p in rows.AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            var second = SecondTotals.SecondOf(p.At);
            // Rows come in time order: once a later second starts, the seconds gathered so far are complete.
            if (second != current && seconds.Count >= SecondsPerSave) saved += await SaveAsync(totals, seconds, cancellationToken);
            current = second;
            seconds.Add(p.Model, p.Version, p.At, p.RecordIndex == 0, p.Label, p.Value, p.LatencyMs);
            predictions++;
        }

        saved += await SaveAsync(totals, seconds, cancellationToken);
        logger.LogInformation("Totalled {Predictions} logged predictions into {Seconds} per-second rows in {Elapsed}",
            predictions, saved, Stopwatch.GetElapsedTime(started));
    }

    private static async Task<int> SaveAsync(MonitoringDbContext db, SecondTotals seconds, CancellationToken cancellationToken)
    {
        foreach (var ((model, version, second), group) in seconds.Seconds) db.TrafficSeconds.Add(group.ToRecord(model, version, second));

        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
        var count = seconds.Count;
        seconds.Clear();
        return count;
    }
}
