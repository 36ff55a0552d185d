using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using MlOps.Modules.Monitoring.Data;
using MlOps.Modules.Serving.Contracts;
using Npgsql;
using NpgsqlTypes;

namespace MlOps.Modules.Monitoring.Log;

/// <summary>
/// Writes a batch in one transaction, bypassing EF's change tracking, which would cost more than the rows: prepared
/// INSERTs on SQLite, binary <c>COPY</c> on PostgreSQL, where one stream beats thousands of round trips. The column
/// names are the ones <see cref="MonitoringDbContext"/> maps. The batch's per-second totals
/// (<see cref="TrafficRollup"/>) are updated in the same transaction.
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
        "VALUES (@at, @model, @version, @alias, @requestId, @index, @caller, @inputs, @label, @value, @probabilities, @latency)";

    private const string InsertFailure =
        $"INSERT INTO {MonitoringDbContext.FailuresTable} ({FailureColumns}) " +
        "VALUES (@at, @model, @version, @alias, @status, @latency, @caller, @requestId)";

    public async Task WriteAsync(IReadOnlyList<LogEntry> batch, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            if (db.Database.GetDbConnection() is NpgsqlConnection postgres)
                await CopyAsync(postgres, batch, cancellationToken);
            else
                Insert(db.Database.GetDbConnection(), transaction, batch);

            await TrafficRollup.AddAsync(db, batch, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static void Insert(DbConnection connection, IDbContextTransaction transaction, IReadOnlyList<LogEntry> batch)
    {
        using var predictions = Prepare(connection, transaction, InsertPrediction,
            "@at", "@model", "@version", "@alias", "@requestId", "@index", "@caller", "@inputs", "@label", "@value", "@probabilities", "@latency");
        using var failures = Prepare(connection, transaction, InsertFailure,
            "@at", "@model", "@version", "@alias", "@status", "@latency", "@caller", "@requestId");
        foreach (var entry in batch)
        {
            if (entry.Prediction is { } p)
            {
                Bind(predictions, UnixMilliseconds.From(p.At), p.Model, p.Version, p.Alias, p.RequestId, p.Index, p.Caller, p.Inputs,
                    p.Label, p.Value, p.Probabilities, p.LatencyMs);
                predictions.ExecuteNonQuery();
            }
            else if (entry.Failure is { } f)
            {
                Bind(failures, UnixMilliseconds.From(f.At), f.Model, f.Version, f.Alias, f.StatusCode, f.Latency.TotalMilliseconds, f.Caller, f.RequestId);
                failures.ExecuteNonQuery();
            }
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

    private static DbCommand Prepare(DbConnection connection, IDbContextTransaction transaction, string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction.GetDbTransaction();
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            command.Parameters.Add(parameter);
        }

        command.Prepare();
        return command;
    }

    private static void Bind(DbCommand command, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++) command.Parameters[i].Value = values[i] ?? DBNull.Value;
    }
}
