using System.Collections.Concurrent;
using System.Data.Common;
using MlOps.Modules.Experiments.Contracts;
using MlOps.Modules.Experiments.Data;
using MlOps.Modules.Experiments.Tracking;
using MlOps.Modules.Platform.Contracts;

namespace MlOps.Modules.Experiments.LogBatch;

/// <summary>
/// Writes one batch in one write transaction with raw, parameterised SQL: EF change tracking costs far more
/// per point than the database itself, and a call may carry a thousand points. Rows are written in key order so
/// concurrent batches on PostgreSQL lock them in the same order and never deadlock.
/// </summary>
internal sealed class RunLogWriter(SharedDatabase database, TimeProvider clock) : IDisposable
{
    // SQLite has one writer at a time; queueing here instead of in SQLite's busy-retry loop keeps latency flat under concurrent trainings.
    // PostgreSQL takes concurrent writers, so there the batches go in side by side.
    private readonly SemaphoreSlim _writer = new(database.Provider == DatabaseProvider.Sqlite ? 1 : int.MaxValue);

    // Keys an experiment already has are skipped, so a training that logs the same ten metrics a thousand times writes them once.
    private readonly ConcurrentDictionary<(long Experiment, KeyKind Kind, string Key), bool> _knownKeys = new();

    public async Task<OperationResult<LogReceipt>> WriteAsync(long runId, RunLog log, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var batch = Prepare(log, clock.GetUtcNow().ToUnixTimeMilliseconds());
        await _writer.WaitAsync(cancellationToken);
        try
        {
            return await WriteLockedAsync(connection, runId, batch, cancellationToken);
        }
        finally
        {
            _writer.Release();
        }
    }

    public void Dispose() => _writer.Dispose();

    /// <summary>Everything that needs no database is done before taking the write lock, so concurrent callers overlap it.</summary>
    private static PreparedBatch Prepare(RunLog log, long now)
    {
        var metrics = log.Metrics ?? [];
        var parameters = log.Params ?? [];
        var tags = log.Tags ?? [];
        var keys = metrics.Select(m => (KeyKind.Metric, m.Key))
            .Concat(parameters.Select(p => (KeyKind.Param, p.Key)))
            .Concat(tags.Select(t => (KeyKind.Tag, t.Key)))
            .Distinct()
            .OrderBy(k => k.Item1).ThenBy(k => k.Key, StringComparer.Ordinal)
            .ToList();
        return new PreparedBatch(metrics.Count, InKeyOrder(parameters), InKeyOrder(tags), ChunksOf(metrics, now), LatestOf(metrics, now), keys);
    }

    private static List<KeyValue> InKeyOrder(IReadOnlyList<KeyValue> pairs) => pairs.OrderBy(p => p.Key, StringComparer.Ordinal).ToList();

    private async Task<OperationResult<LogReceipt>> WriteLockedAsync(DbConnection connection, long runId, PreparedBatch batch, CancellationToken cancellationToken)
    {
        await using var transaction = await SharedDatabase.BeginWriteTransactionAsync(connection, cancellationToken);

        await using var findRun = Command(connection, "SELECT \"ExperimentId\" FROM experiments_runs WHERE \"Id\" = @run", runId);
        if (await findRun.ExecuteScalarAsync(cancellationToken) is not long experimentId)
            return OperationResult<LogReceipt>.Fail(OperationError.NotFound, "runId", $"There is no run {runId}.");

        if (await FindChangedParamAsync(connection, runId, batch.Params, cancellationToken) is { } conflict)
            return OperationResult<LogReceipt>.Fail(OperationError.Conflict, "params",
                $"The param '{conflict.Key}' is already '{conflict.Value}' on run {runId}; params cannot change once set.");

        await InsertParamsAsync(connection, runId, batch.Params, cancellationToken);
        await UpsertTagsAsync(connection, runId, batch.Tags, cancellationToken);
        await InsertChunksAsync(connection, runId, batch.Chunks, cancellationToken);
        await UpsertLatestAsync(connection, runId, batch.Latest, cancellationToken);
        var newKeys = batch.Keys.Where(k => !_knownKeys.ContainsKey((experimentId, k.Kind, k.Key))).ToList();
        await RecordKeysAsync(connection, experimentId, newKeys, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        foreach (var (kind, key) in newKeys) _knownKeys[(experimentId, kind, key)] = true;
        return OperationResult<LogReceipt>.Ok(new LogReceipt(Ids.Format(runId), batch.MetricCount, batch.Params.Count, batch.Tags.Count));
    }

    private static async Task<KeyValue?> FindChangedParamAsync(DbConnection connection, long runId, IReadOnlyList<KeyValue> parameters, CancellationToken cancellationToken)
    {
        if (parameters.Count == 0) return null;
        await using var select = Command(connection, """SELECT "Value" FROM experiments_params WHERE "RunId" = @run AND "Key" = @key""", runId);
        var key = Parameter(select, "@key");
        foreach (var param in parameters)
        {
            key.Value = param.Key;
            if (await select.ExecuteScalarAsync(cancellationToken) is string existing && existing != param.Value)
                return new KeyValue(param.Key, existing);
        }

        return null;
    }

    private static async Task InsertParamsAsync(DbConnection connection, long runId, IReadOnlyList<KeyValue> parameters, CancellationToken cancellationToken)
    {
        if (parameters.Count == 0) return;
        await using var insert = Command(connection,
            """INSERT INTO experiments_params ("RunId", "Key", "Value") VALUES (@run, @key, @value) ON CONFLICT ("RunId", "Key") DO NOTHING""", runId);
        var key = Parameter(insert, "@key");
        var value = Parameter(insert, "@value");
        foreach (var param in parameters)
        {
            key.Value = param.Key;
            value.Value = param.Value;
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static async Task UpsertTagsAsync(DbConnection connection, long runId, IReadOnlyList<KeyValue> tags, CancellationToken cancellationToken)
    {
        if (tags.Count == 0) return;
        await using var upsert = Command(connection,
            """INSERT INTO experiments_tags ("RunId", "Key", "Value") VALUES (@run, @key, @value) ON CONFLICT ("RunId", "Key") DO UPDATE SET "Value" = excluded."Value" """, runId);
        var key = Parameter(upsert, "@key");
        var value = Parameter(upsert, "@value");
        foreach (var tag in tags)
        {
            key.Value = tag.Key;
            value.Value = tag.Value;
            await upsert.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>One packed chunk per metric key: the batch becomes a handful of rows, not a row per point.</summary>
    private static List<(string Key, int Count, byte[] Points)> ChunksOf(IReadOnlyList<MetricValue> metrics, long now) =>
        metrics.GroupBy(m => m.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var points = g.Select(m => (m.Step ?? 0, m.Timestamp is { } at ? UnixTime.ToMilliseconds(at) : now, m.Value)).ToList();
                return (g.Key, points.Count, MetricPoints.Pack(points));
            })
            .ToList();

    private static async Task InsertChunksAsync(DbConnection connection, long runId, List<(string Key, int Count, byte[] Points)> chunks, CancellationToken cancellationToken)
    {
        if (chunks.Count == 0) return;
        await using var insert = MultiRowInsert(connection, runId, """INSERT INTO experiments_metric_chunks ("RunId", "Key", "Count", "Points")""", "",
            chunks, chunk => [chunk.Key, chunk.Count, chunk.Points]);
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Like MLflow, the latest value is the one with the highest step, then the newest timestamp.</summary>
    private static SortedDictionary<string, LatestPoint> LatestOf(IReadOnlyList<MetricValue> metrics, long now)
    {
        var latest = new SortedDictionary<string, LatestPoint>(StringComparer.Ordinal);
        foreach (var metric in metrics)
        {
            var point = new LatestPoint(metric.Value, metric.Step ?? 0, metric.Timestamp is { } at ? UnixTime.ToMilliseconds(at) : now);
            if (!latest.TryGetValue(metric.Key, out var seen) || (point.Step, point.Timestamp).CompareTo((seen.Step, seen.Timestamp)) >= 0)
                latest[metric.Key] = point;
        }

        return latest;
    }

    private static async Task UpsertLatestAsync(DbConnection connection, long runId, SortedDictionary<string, LatestPoint> latest, CancellationToken cancellationToken)
    {
        if (latest.Count == 0) return;
        await using var upsert = MultiRowInsert(connection, runId, """INSERT INTO experiments_latest_metrics ("RunId", "Key", "Value", "Step", "Timestamp")""", """
            ON CONFLICT ("RunId", "Key") DO UPDATE SET "Value" = excluded."Value", "Step" = excluded."Step", "Timestamp" = excluded."Timestamp"
            WHERE excluded."Step" > experiments_latest_metrics."Step"
               OR (excluded."Step" = experiments_latest_metrics."Step" AND excluded."Timestamp" >= experiments_latest_metrics."Timestamp")
            """, latest, pair => [pair.Key, pair.Value.Value, pair.Value.Step, pair.Value.Timestamp]);
        await upsert.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task RecordKeysAsync(DbConnection connection, long experimentId, List<(KeyKind Kind, string Key)> keys, CancellationToken cancellationToken)
    {
        if (keys.Count == 0) return;
        await using var insert = Command(connection,
            """INSERT INTO experiments_keys ("ExperimentId", "Kind", "Key") VALUES (@experiment, @kind, @key) ON CONFLICT DO NOTHING""", experimentId, "@experiment");
        var kind = Parameter(insert, "@kind");
        var key = Parameter(insert, "@key");
        foreach (var (keyKind, name) in keys)
        {
            kind.Value = (int)keyKind;
            key.Value = name;
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>
    /// One statement for all rows of a kind (rows must not repeat a conflict key): on PostgreSQL every statement is a
    /// round trip, and a row per statement made a ten-key batch twenty of them.
    /// </summary>
    private static DbCommand MultiRowInsert<T>(DbConnection connection, long runId, string insert, string onConflict, IEnumerable<T> rows, Func<T, object[]> valuesOf)
    {
        var command = Command(connection, "", runId);
        var tuples = rows.Select((row, r) => "(@run, " + string.Join(", ", valuesOf(row).Select((value, c) =>
        {
            var name = $"@v{r}_{c}";
            Parameter(command, name).Value = value;
            return name;
        })) + ")");
        command.CommandText = $"{insert} VALUES {string.Join(", ", tuples)} {onConflict}";
        return command;
    }

    private static DbCommand Command(DbConnection connection, string sql, long id, string idParameter = "@run")
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        Parameter(command, idParameter).Value = id;
        return command;
    }

    private static DbParameter Parameter(DbCommand command, string name)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        command.Parameters.Add(parameter);
        return parameter;
    }

    private sealed record LatestPoint(double Value, long Step, long Timestamp);

    private sealed record PreparedBatch(
        int MetricCount,
        IReadOnlyList<KeyValue> Params,
        IReadOnlyList<KeyValue> Tags,
        List<(string Key, int Count, byte[] Points)> Chunks,
        SortedDictionary<string, LatestPoint> Latest,
        List<(KeyKind Kind, string Key)> Keys);
}
