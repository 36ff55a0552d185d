using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using MlOps.Modules.Monitoring.Data;

namespace MlOps.Modules.Monitoring.Log;

/// <summary>
/// Writes a batch in one transaction with prepared INSERTs: EF's change tracking would cost more than the rows.
/// The column names are the ones <see cref="MonitoringDbContext"/> maps. The batch's per-second totals
/// (<see cref="TrafficRollup"/>) are updated in the same transaction.
/// </summary>
internal sealed class PredictionLogStore(MonitoringDbContext db)
{
    private const string InsertPrediction =
        $"INSERT INTO {MonitoringDbContext.PredictionsTable} (At, Model, Version, Alias, RequestId, RecordIndex, Caller, Inputs, Label, Value, Probabilities, LatencyMs) " +
        "VALUES ($at, $model, $version, $alias, $requestId, $index, $caller, $inputs, $label, $value, $probabilities, $latency)";

    private const string InsertFailure =
        $"INSERT INTO {MonitoringDbContext.FailuresTable} (At, Model, Version, Alias, StatusCode, LatencyMs, Caller, RequestId) " +
        "VALUES ($at, $model, $version, $alias, $status, $latency, $caller, $requestId)";

    public async Task WriteAsync(IReadOnlyList<LogEntry> batch, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var connection = db.Database.GetDbConnection();
            await using var predictions = Prepare(connection, transaction, InsertPrediction,
                "$at", "$model", "$version", "$alias", "$requestId", "$index", "$caller", "$inputs", "$label", "$value", "$probabilities", "$latency");
            await using var failures = Prepare(connection, transaction, InsertFailure,
                "$at", "$model", "$version", "$alias", "$status", "$latency", "$caller", "$requestId");
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

            await TrafficRollup.AddAsync(db, batch, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

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
