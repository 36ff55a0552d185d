using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MlOps.Modules.Monitoring.Data;
using MlOps.Modules.Monitoring.Log;
using MlOps.Modules.Platform.Contracts;
using MlOps.Modules.Registry.Contracts;

namespace MlOps.Modules.Monitoring.Feedback;

/// <summary>
/// Attaches ground truth to a logged prediction, found by model, request id and record index. Sending feedback
/// again for the same prediction replaces it (the audit log keeps the earlier value). When a request id was used
/// more than once, the latest prediction with it is the one meant.
/// </summary>
internal sealed class FeedbackService(
    IDbContextFactory<MonitoringDbContext> contexts, IModelRegistry registry, PredictionLogQueue queue, IAuditLog audit, TimeProvider clock)
{
    private static readonly TimeSpan FeedbackWait = TimeSpan.FromSeconds(30);

    public async Task<OperationResult<FeedbackResult>> RecordAsync(string model, FeedbackRequest request, string actor, CancellationToken cancellationToken)
    {
        if (await registry.GetModelAsync(model, cancellationToken) is null)
            return OperationResult<FeedbackResult>.Fail(OperationError.NotFound, "model", $"There is no model '{model}'.");
        var requestId = request.RequestId!;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var found = await FindLoggedAsync(db, model, requestId, request.Index, cancellationToken);
        if (!found.Succeeded) return OperationResult<FeedbackResult>.Fail(found.Error, found.Problems);

        var prediction = found.Value!;
        var regression = prediction.Label is null;
        double? actualValue = null;
        if (regression)
        {
            if (ValueOf(request.Actual) is not { } value)
                return OperationResult<FeedbackResult>.Fail(OperationError.Invalid, "actual", $"Model '{model}' predicts values: send the true value as a number.");
            actualValue = value;
        }

        var actual = LabelOf(request.Actual);
        var now = clock.GetUtcNow().UtcDateTime;
        var feedback = await db.Feedback.SingleOrDefaultAsync(f => f.PredictionId == prediction.Id, cancellationToken);
        var previous = feedback?.Actual;
        if (feedback is null)
        {
            feedback = new FeedbackRecord
            {
                PredictionId = prediction.Id, Model = model, Version = prediction.Version, PredictionAt = prediction.At, Actual = actual, ReceivedBy = actor,
            };
            db.Feedback.Add(feedback);
        }

        feedback.Actual = actual;
        feedback.ActualValue = actualValue;
        feedback.ReceivedAt = now;
        feedback.ReceivedBy = actor;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            return OperationResult<FeedbackResult>.Fail(OperationError.Conflict, "requestId",
                $"Feedback for request '{requestId}' record {prediction.RecordIndex} was being recorded at the same moment; send it again.");
        }

        await audit.RecordAsync(new AuditEvent(actor, previous is null ? "prediction.feedback-recorded" : "prediction.feedback-replaced", "prediction",
            $"{model}/{requestId}/{prediction.RecordIndex}", previous is null ? $"actual {actual}" : $"actual {actual}, was {previous}"), cancellationToken);
        return OperationResult<FeedbackResult>.Ok(new FeedbackResult(model, prediction.Version, requestId, prediction.RecordIndex, prediction.Label, prediction.Value,
            actual, regression ? null : string.Equals(prediction.Label, actual, StringComparison.Ordinal),
            regression && prediction.Value is { } predicted ? predicted - actualValue : null, previous is not null, now));
    }

    /// <summary>
    /// A prediction can still be on its way to the log right after it was answered: a miss (or a hit without an index)
    /// waits until everything queued at that moment is written (at once when nothing is queued), then looks again. The
    /// wait is bounded by <see cref="FeedbackWait"/>: a writer that busy has fallen far behind, and the caller gets the
    /// 404 to retry.
    /// </summary>
    private async Task<OperationResult<LoggedRecord>> FindLoggedAsync(MonitoringDbContext db, string model, string requestId, int? index, CancellationToken cancellationToken)
    {
        // Read before the lookup: a batch committed while the lookup runs then counts as pending and is looked at again.
        var queued = queue.Enqueued;
        var pending = queue.Processed < queued;
        var found = await FindAsync(db, model, requestId, index, cancellationToken);
        // Found without an index, the request's other records may still be queued (a batch can end between them).
        var settled = found.Error != OperationError.NotFound && index is not null;
        if (settled || !pending || !await queue.WaitForAsync(queued, FeedbackWait, cancellationToken))
            return found;
        return await FindAsync(db, model, requestId, index, cancellationToken);
    }

    private static async Task<OperationResult<LoggedRecord>> FindAsync(MonitoringDbContext db, string model, string requestId, int? index, CancellationToken cancellationToken)
    {
        var predictions = db.Predictions.AsNoTracking().Where(p => p.Model == model && p.RequestId == requestId);
        if (index is null)
        {
            var indexes = await predictions.Select(p => p.RecordIndex).Distinct().Take(2).ToListAsync(cancellationToken);
            if (indexes.Count > 1)
                return OperationResult<LoggedRecord>.Fail(OperationError.Invalid, "index",
                    $"Request '{requestId}' scored several records with model '{model}': send the record's index (0 for the first).");
            index = indexes.Count == 1 ? indexes[0] : 0;
        }

        var record = await predictions.Where(p => p.RecordIndex == index).OrderByDescending(p => p.Id)
            .Select(p => new LoggedRecord(p.Id, p.Version, p.At, p.RecordIndex, p.Label, p.Value)).FirstOrDefaultAsync(cancellationToken);
        return record is null
            ? OperationResult<LoggedRecord>.Fail(OperationError.NotFound, "requestId",
                $"No prediction of model '{model}' was logged for request '{requestId}'{(index == 0 ? "" : $" record {index}")}.")
            : OperationResult<LoggedRecord>.Ok(record);
    }

    private static string LabelOf(JsonElement actual) => actual.ValueKind switch
    {
        JsonValueKind.String => actual.GetString()!,
        JsonValueKind.True => bool.TrueString,
        JsonValueKind.False => bool.FalseString,
        _ => actual.GetRawText(),
    };

    private static double? ValueOf(JsonElement actual) => actual.ValueKind switch
    {
        JsonValueKind.Number when actual.TryGetDouble(out var number) && double.IsFinite(number) => number,
        JsonValueKind.String when double.TryParse(actual.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number) => number,
        _ => null,
    };

    private sealed record LoggedRecord(long Id, int Version, DateTime At, int RecordIndex, string? Label, double? Value);
}
