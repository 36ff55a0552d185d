using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using MlOps.Modules.Monitoring.Data;
using MlOps.Modules.Monitoring.Queries;

namespace MlOps.Modules.Monitoring.Log;

/// <summary>
/// Totals a batch of logged predictions per model version and second and adds them to the stored seconds, in the
/// batch's transaction: the totals always match the rows. A batch spans a second or two, so this is a few rows. They
/// are read and written with plain commands on the batch's connection: through EF's query and change tracking this
/// step took a quarter of the writer's CPU (0.8 ms for a batch of 370 rows).
/// </summary>
internal static class TrafficRollup
{
    private const string Totals = "\"Answered\", \"Records\", \"ValueSum\", \"Values\", \"LatencyMin\", \"LatencyMax\", \"Labels\", \"Latency\"";

    private const string Find =
        $"SELECT \"Id\", {Totals} FROM {MonitoringDbContext.TrafficSecondsTable} WHERE \"Model\" = @model AND \"Second\" = @second AND \"Version\" = @version";

    private const string Insert =
        $"INSERT INTO {MonitoringDbContext.TrafficSecondsTable} (\"Model\", \"Second\", \"Version\", {Totals}) " +
        "VALUES (@model, @second, @version, @answered, @records, @valueSum, @values, @latencyMin, @latencyMax, @labels, @latency)";

    private const string Update =
        $"UPDATE {MonitoringDbContext.TrafficSecondsTable} SET \"Answered\" = @answered, \"Records\" = @records, \"ValueSum\" = @valueSum, " +
        "\"Values\" = @values, \"LatencyMin\" = @latencyMin, \"LatencyMax\" = @latencyMax, \"Labels\" = @labels, \"Latency\" = @latency WHERE \"Id\" = @id";

    public static async Task AddAsync(MonitoringDbContext db, IReadOnlyList<LogEntry> batch, CancellationToken cancellationToken)
    {
        var totals = new SecondTotals();
        foreach (var entry in batch)
            if (entry.Prediction is { } p) totals.Add(p.Model, p.Version, p.At, p.Index == 0, p.Label, p.Value, p.LatencyMs);

        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        foreach (var ((model, version, second), group) in totals.Seconds)
        {
            long? id = null;
            await using (var find = Command(connection, transaction, Find, ("model", model), ("second", second), ("version", version)))
            await using (var reader = await find.ExecuteReaderAsync(cancellationToken))
            {
                if (await reader.ReadAsync(cancellationToken))
                {
                    id = reader.GetInt64(0);
                    group.Add(TrafficGroup.From(Stored(reader, model, version, second)));
                }
            }

            var record = group.ToRecord(model, version, second);
            (string, object)[] values =
            [
                ("answered", record.Answered), ("records", record.Records), ("valueSum", record.ValueSum), ("values", record.Values),
                ("latencyMin", record.LatencyMin), ("latencyMax", record.LatencyMax), ("labels", record.Labels), ("latency", record.Latency),
            ];
            await using var write = id is { } stored
                ? Command(connection, transaction, Update, [.. values, ("id", stored)])
                : Command(connection, transaction, Insert, [.. values, ("model", model), ("second", second), ("version", version)]);
            await write.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static TrafficSecondRecord Stored(DbDataReader reader, string model, int version, long second) => new()
    {
        Model = model,
        Version = version,
        Second = second,
        Answered = reader.GetInt64(1),
        Records = reader.GetInt64(2),
        ValueSum = reader.GetDouble(3),
        Values = reader.GetInt64(4),
        LatencyMin = reader.GetDouble(5),
        LatencyMax = reader.GetDouble(6),
        Labels = reader.GetString(7),
        Latency = (byte[])reader.GetValue(8),
    };

    private static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        return command;
    }
}
