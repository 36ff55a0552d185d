using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MlOps.Modules.Monitoring.Data;
using MlOps.Modules.Monitoring.Log;
using MlOps.Modules.Platform.Contracts;

namespace MlOps.Modules.Monitoring.Retention;

internal sealed record RetentionResult(DateTime Cutoff, int Predictions, int Failures);

/// <summary>
/// Deletes log rows older than <see cref="MonitoringOptions.RetentionDays"/>, oldest first, a chunk per transaction
/// so the prediction writer is never held up for long. Feedback goes with its prediction (cascading foreign key), and
/// the per-second traffic totals of those seconds go too.
/// </summary>
internal sealed class PredictionRetention(
    MonitoringDbContext db, IAuditLog audit, IOptions<MonitoringOptions> options, TimeProvider clock, ILogger<PredictionRetention> logger)
{
    public async Task<RetentionResult> PurgeAsync(CancellationToken cancellationToken)
    {
        var cutoff = clock.GetUtcNow().UtcDateTime.AddDays(-options.Value.RetentionDays);
        var chunk = options.Value.RetentionChunkSize;
        var predictions = await InChunksAsync(() => db.Predictions.Where(p => p.At < cutoff).OrderBy(p => p.At).Take(chunk).ExecuteDeleteAsync(cancellationToken), chunk);
        var failures = await InChunksAsync(() => db.Failures.Where(f => f.At < cutoff).OrderBy(f => f.At).Take(chunk).ExecuteDeleteAsync(cancellationToken), chunk);
        var cutoffSecond = SecondTotals.SecondOf(cutoff);
        await InChunksAsync(() => db.TrafficSeconds.Where(t => t.Second < cutoffSecond).OrderBy(t => t.Second).Take(chunk).ExecuteDeleteAsync(cancellationToken), chunk);
        var result = new RetentionResult(cutoff, predictions, failures);
        if (predictions + failures == 0) return result;

        logger.LogInformation("Retention deleted {Predictions} predictions and {Failures} failures logged before {Cutoff:O}", predictions, failures, cutoff);
        await audit.RecordAsync(new AuditEvent("system:retention", "prediction-log.purged", "prediction-log", "all",
            $"{predictions} predictions (with their feedback) and {failures} failures logged before {cutoff:O}"), cancellationToken);
        return result;
    }

    private static async Task<int> InChunksAsync(Func<Task<int>> deleteChunk, int chunk)
    {
        var total = 0;
        int deleted;
        do
        {
            deleted = await deleteChunk();
            total += deleted;
        }
        while (deleted == chunk);
        return total;
    }
}
