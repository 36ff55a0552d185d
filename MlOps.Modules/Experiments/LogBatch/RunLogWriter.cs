using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using MlOps.Modules.Experiments.Contracts;
using MlOps.Modules.Experiments.Data;
using MlOps.Modules.Experiments.Tracking;
using MlOps.Modules.Platform.Contracts;

namespace MlOps.Modules.Experiments.LogBatch;

/// <summary>
/// Writes one batch in one immediate transaction with raw, parameterised SQL: EF change tracking costs far more
/// per point than SQLite itself, and a call may carry a thousand points.
/// </summary>
internal sealed class RunLogWriter(IOptions<MlOpsOptions> options, TimeProvider clock) : IDisposable
{
    // SQLite has one writer at a time; queueing here instead of in SQLite's busy-retry loop keeps latency flat under concurrent trainings.
    private readonly SemaphoreSlim _writer = new(1, 1);

    // Keys an experiment already has are skipped, so a training that logs the same ten metrics a thousand times writes them once.
    private readonly ConcurrentDictionary<(long Experiment, KeyKind Kind, string Key), bool> _knownKeys = new();

    public async Task<OperationResult<LogReceipt>> WriteAsync(long runId, RunLog log, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(ModuleDatabase.ConnectionString(options.Value.DatabasePath));
        await connection.OpenAsync(cancellationToken);
        await using (var pragma = connection.CreateCommand())
        {
            // Both settings are per connection. WAL with synchronous=NORMAL stays consistent after a crash and skips an fsync per
            // commit; busy_timeout lets SQLite wait in millisecond steps for another module's writer instead of the driver's 150 ms retry sleep.
            pragma.CommandText = "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;";
            await pragma.ExecuteNonQueryAsync(cancellationToken);
        }

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
            .ToList();
        return new PreparedBatch(metrics.Count, parameters, tags, ChunksOf(metrics, now), LatestOf(metrics, now), keys);
    }

    private async Task<OperationResult<LogReceipt>> WriteLockedAsync(SqliteConnection connection, long runId, PreparedBatch batch, CancellationToken cancellationToken)
    {
        await using var transaction = connection.BeginTransaction(deferred: false);

        await using var findRun = Command(connection, "SELECT ExperimentId FROM experiments_runs WHERE Id = @run", runId);
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

    private static async Task<KeyValue?> FindChangedParamAsync(SqliteConnection connection, long runId, IReadOnlyList<KeyValue> parameters, CancellationToken cancellationToken)
    {
        if (parameters.Count == 0) return null;
        await using var select = Command(connection, "SELECT Value FROM experiments_params WHERE RunId = @run AND Key = @key", runId);
        var key = select.Parameters.Add("@key", SqliteType.Text);
        foreach (var param in parameters)
        {
            key.Value = param.Key;
            if (await select.ExecuteScalarAsync(cancellationToken) is string existing && existing != param.Value)
                return new KeyValue(param.Key, existing);
        }

        return null;
    }

    private static async Task InsertParamsAsync(SqliteConnection connection, long runId, IReadOnlyList<KeyValue> parameters, CancellationToken cancellationToken)
    {
        if (parameters.Count == 0) return;
        await using var insert = Command(connection,
            "INSERT INTO experiments_params (RunId, Key, Value) VALUES (@run, @key, @value) ON CONFLICT (RunId, Key) DO NOTHING", runId);
        var key = insert.Parameters.Add("@key", SqliteType.Text);
        var value = insert.Parameters.Add("@value", SqliteType.Text);
        foreach (var param in parameters)
        {
            key.Value = param.Key;
            value.Value = param.Value;
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static async Task UpsertTagsAsync(SqliteConnection connection, long runId, IReadOnlyList<KeyValue> tags, CancellationToken cancellationToken)
    {
        if (tags.Count == 0) return;
        await using var upsert = Command(connection,
            "INSERT INTO experiments_tags (RunId, Key, Value) VALUES (@run, @key, @value) ON CONFLICT (RunId, Key) DO UPDATE SET Value = excluded.Value", runId);
        var key = upsert.Parameters.Add("@key", SqliteType.Text);
        var value = upsert.Parameters.Add("@value", SqliteType.Text);
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

    private static async Task InsertChunksAsync(SqliteConnection connection, long runId, List<(string Key, int Count, byte[] Points)> chunks, CancellationToken cancellationToken)
    {
        if (chunks.Count == 0) return;
        await using var insert = Command(connection,
            "INSERT INTO experiments_metric_chunks (RunId, Key, Count, Points) VALUES (@run, @key, @count, @points)", runId);
        var key = insert.Parameters.Add("@key", SqliteType.Text);
        var count = insert.Parameters.Add("@count", SqliteType.Integer);
        var points = insert.Parameters.Add("@points", SqliteType.Blob);
        foreach (var chunk in chunks)
        {
            key.Value = chunk.Key;
            count.Value = chunk.Count;
            points.Value = chunk.Points;
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>Like MLflow, the latest value is the one with the highest step, then the newest timestamp.</summary>
    private static Dictionary<string, LatestPoint> LatestOf(IReadOnlyList<MetricValue> metrics, long now)
    {
        var latest = new Dictionary<string, LatestPoint>(StringComparer.Ordinal);
        foreach (var metric in metrics)
        {
            var point = new LatestPoint(metric.Value, metric.Step ?? 0, metric.Timestamp is { } at ? UnixTime.ToMilliseconds(at) : now);
            if (!latest.TryGetValue(metric.Key, out var seen) || (point.Step, point.Timestamp).CompareTo((seen.Step, seen.Timestamp)) >= 0)
                latest[metric.Key] = point;
        }

        return latest;
    }

    private static async Task UpsertLatestAsync(SqliteConnection connection, long runId, Dictionary<string, LatestPoint> latest, CancellationToken cancellationToken)
    {
        if (latest.Count == 0) return;
        await using var upsert = Command(connection, """
            INSERT INTO experiments_latest_metrics (RunId, Key, Value, Step, Timestamp) VALUES (@run, @key, @value, @step, @timestamp)
            ON CONFLICT (RunId, Key) DO UPDATE SET Value = excluded.Value, Step = excluded.Step, Timestamp = excluded.Timestamp
            WHERE excluded.Step > experiments_latest_metrics.Step
               OR (excluded.Step = experiments_latest_metrics.Step AND excluded.Timestamp >= experiments_latest_metrics.Timestamp)
            """, runId);
        var key = upsert.Parameters.Add("@key", SqliteType.Text);
        var value = upsert.Parameters.Add("@value", SqliteType.Real);
        var step = upsert.Parameters.Add("@step", SqliteType.Integer);
        var timestamp = upsert.Parameters.Add("@timestamp", SqliteType.Integer);
        foreach (var (name, point) in latest)
        {
            key.Value = name;
            value.Value = point.Value;
            step.Value = point.Step;
            timestamp.Value = point.Timestamp;
            await upsert.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static async Task RecordKeysAsync(SqliteConnection connection, long experimentId, List<(KeyKind Kind, string Key)> keys, CancellationToken cancellationToken)
    {
        if (keys.Count == 0) return;
        await using var insert = Command(connection,
            "INSERT OR IGNORE INTO experiments_keys (ExperimentId, Kind, Key) VALUES (@experiment, @kind, @key)", experimentId, "@experiment");
        var kind = insert.Parameters.Add("@kind", SqliteType.Integer);
        var key = insert.Parameters.Add("@key", SqliteType.Text);
        foreach (var (keyKind, name) in keys)
        {
            kind.Value = (int)keyKind;
            key.Value = name;
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static SqliteCommand Command(SqliteConnection connection, string sql, long id, string idParameter = "@run")
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue(idParameter, id);
        return command;
    }

    private sealed record LatestPoint(double Value, long Step, long Timestamp);

    private sealed record PreparedBatch(
        int MetricCount,
        IReadOnlyList<KeyValue> Params,
        IReadOnlyList<KeyValue> Tags,
        List<(string Key, int Count, byte[] Points)> Chunks,
        Dictionary<string, LatestPoint> Latest,
        List<(KeyKind Kind, string Key)> Keys);
}
