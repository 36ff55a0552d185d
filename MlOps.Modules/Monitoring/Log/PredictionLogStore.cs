using System.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using MlOps.Modules.Monitoring.Data;
using MlOps.Modules.Serving.Contracts;
using Npgsql;
using NpgsqlTypes;

namespace MlOps.Modules.Monitoring.Log;

/// <summary>
/// Writes a batch in one transaction, bypassing EF's change tracking, which would cost more than the rows: prepared
/// INSERTs bound by position on SQLite (<see cref="SqliteInsert"/>), binary <c>COPY</c> on PostgreSQL, where one stream
/// beats thousands of round trips. The column names are the ones <see cref="MonitoringDbContext"/> maps. The batch's
/// per-second totals (<see cref="TrafficRollup"/>) are updated in the same transaction.
/// </summary>
internal sealed class PredictionLogStore(MonitoringDbContext db)
{
    // Replicas log the same seconds of the same model; their read-add-write of a second's totals takes turns.
    private const long TrafficRollupLock = 0x4D4C_4F70_7354_5253;

    private const string PredictionColumns =
        "\"At\", \"Model\", \"Version\", \"Alias\", \"RequestId\", \"RecordIndex\", \"Caller\", \"Inputs\", \"Label\", \"Value\", \"Probabilities\", \"LatencyMs\"";

    private const string FailureColumns = "\"At\", \"Model\", \"Version\", \"Alias\", \"StatusCode\", \"LatencyMs\", \"Caller\", \"RequestId\"";

    private const string InsertPrediction =
        $"INSERT INTO {MonitoringDbContext.PredictionsTable} ({PredictionColumns}) " +
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)";

    private const string InsertFailure =
        $"INSERT INTO {MonitoringDbContext.FailuresTable} ({FailureColumns}) " +
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";

    public async Task WriteAsync(IReadOnlyList<LogEntry> batch, CancellationToken cancellationToken)
    {
        // Opened once and kept for the store's life (the writer keeps its store): the context closes it when disposed.
        if (db.Database.GetDbConnection().State != ConnectionState.Open) await db.Database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (db.Database.GetDbConnection() is NpgsqlConnection postgres)
            await CopyAsync(postgres, batch, cancellationToken);
        else
            Insert((SqliteConnection)db.Database.GetDbConnection(), batch);

        await TrafficRollup.AddAsync(db, batch, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private static void Insert(SqliteConnection connection, IReadOnlyList<LogEntry> batch)
    {
        using var predictions = new SqliteInsert(connection, InsertPrediction);
        using var failures = new SqliteInsert(connection, InsertFailure);
        foreach (var entry in batch)
        {
            if (entry.Prediction is { } p)
                predictions.Integer(1, UnixMilliseconds.From(p.At)).Text(2, p.Model).Integer(3, p.Version).Text(4, p.Alias).Text(5, p.RequestId)
                    .Integer(6, p.Index).Text(7, p.Caller).Text(8, p.Inputs).Text(9, p.Label).Real(10, p.Value).Text(11, p.Probabilities)
                    .Real(12, p.LatencyMs).Execute();
            else if (entry.Failure is { } f)
                failures.Integer(1, UnixMilliseconds.From(f.At)).Text(2, f.Model).Integer(3, f.Version).Text(4, f.Alias).Integer(5, f.StatusCode)
                    .Real(6, f.Latency.TotalMilliseconds).Text(7, f.Caller).Text(8, f.RequestId).Execute();
        }
    }

    private static async Task CopyAsync(NpgsqlConnection connection, IReadOnlyList<LogEntry> batch, CancellationToken cancellationToken)
    {
        if (batch.Any(e => e.Prediction is not null))
        {
            await using var predictions = await connection.BeginBinaryImportAsync(
                $"COPY {MonitoringDbContext.PredictionsTable} ({PredictionColumns}) FROM STDIN (FORMAT BINARY)", cancellationToken);
            foreach (var p in batch.Select(e => e.Prediction).OfType<LogRow>())
            {
                await predictions.StartRowAsync(cancellationToken);
                await predictions.WriteAsync(UnixMilliseconds.From(p.At), NpgsqlDbType.Bigint, cancellationToken);
                await predictions.WriteAsync(p.Model, NpgsqlDbType.Text, cancellationToken);
                await predictions.WriteAsync(p.Version, NpgsqlDbType.Integer, cancellationToken);
                await WriteNullableAsync(predictions, p.Alias, NpgsqlDbType.Text, cancellationToken);
                await predictions.WriteAsync(p.RequestId, NpgsqlDbType.Text, cancellationToken);
                await predictions.WriteAsync(p.Index, NpgsqlDbType.Integer, cancellationToken);
                await predictions.WriteAsync(p.Caller, NpgsqlDbType.Text, cancellationToken);
                await predictions.WriteAsync(p.Inputs, NpgsqlDbType.Text, cancellationToken);
                await WriteNullableAsync(predictions, p.Label, NpgsqlDbType.Text, cancellationToken);
                await WriteNullableAsync(predictions, p.Value, NpgsqlDbType.Double, cancellationToken);
                await WriteNullableAsync(predictions, p.Probabilities, NpgsqlDbType.Text, cancellationToken);
                await predictions.WriteAsync(p.LatencyMs, NpgsqlDbType.Double, cancellationToken);
            }

            await predictions.CompleteAsync(cancellationToken);
        }

        if (batch.Any(e => e.Failure is not null))
        {
            await using var failures = await connection.BeginBinaryImportAsync(
                $"COPY {MonitoringDbContext.FailuresTable} ({FailureColumns}) FROM STDIN (FORMAT BINARY)", cancellationToken);
            foreach (var f in batch.Select(e => e.Failure).OfType<PredictionFailure>())
            {
                await failures.StartRowAsync(cancellationToken);
                await failures.WriteAsync(UnixMilliseconds.From(f.At), NpgsqlDbType.Bigint, cancellationToken);
                await failures.WriteAsync(f.Model, NpgsqlDbType.Text, cancellationToken);
                await WriteNullableAsync(failures, f.Version, NpgsqlDbType.Integer, cancellationToken);
                await WriteNullableAsync(failures, f.Alias, NpgsqlDbType.Text, cancellationToken);
                await failures.WriteAsync(f.StatusCode, NpgsqlDbType.Integer, cancellationToken);
                await failures.WriteAsync(f.Latency.TotalMilliseconds, NpgsqlDbType.Double, cancellationToken);
                await failures.WriteAsync(f.Caller, NpgsqlDbType.Text, cancellationToken);
                await failures.WriteAsync(f.RequestId, NpgsqlDbType.Text, cancellationToken);
            }

            await failures.CompleteAsync(cancellationToken);
        }

        await using var rollupTurn = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({TrafficRollupLock})", connection);
        await rollupTurn.ExecuteNonQueryAsync(cancellationToken);
    }

    private static Task WriteNullableAsync<T>(NpgsqlBinaryImporter importer, T? value, NpgsqlDbType type, CancellationToken cancellationToken) =>
        value is null ? importer.WriteNullAsync(cancellationToken) : importer.WriteAsync(value, type, cancellationToken);
}
