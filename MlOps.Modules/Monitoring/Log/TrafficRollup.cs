using Microsoft.EntityFrameworkCore;
using MlOps.Modules.Monitoring.Data;
using MlOps.Modules.Monitoring.Queries;

namespace MlOps.Modules.Monitoring.Log;

/// <summary>
/// Totals a batch of logged predictions per model version and second and adds them to the stored seconds, in the
/// batch's transaction: the totals always match the rows. A batch spans a second or two, so this is a few rows.
/// </summary>
internal static class TrafficRollup
{
    public static async Task AddAsync(MonitoringDbContext db, IReadOnlyList<LogEntry> batch, CancellationToken cancellationToken)
    {
        var totals = new SecondTotals();
        foreach (var entry in batch)
            if (entry.Prediction is { } p) totals.Add(p.Model, p.Version, p.At, p.Index == 0, p.Label, p.Value, p.LatencyMs);

        foreach (var ((model, version, second), group) in totals.Seconds)
        {
            var stored = await db.TrafficSeconds.SingleOrDefaultAsync(t => t.Model == model && t.Second == second && t.Version == version, cancellationToken);
            if (stored is null)
            {
                db.TrafficSeconds.Add(group.ToRecord(model, version, second));
            }
            else
            {
                group.Add(TrafficGroup.From(stored));
                group.CopyTo(stored);
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
    }
}
