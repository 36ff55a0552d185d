using System.Data.Common;
using MlOps.Modules.Experiments.Contracts;
using MlOps.Modules.Experiments.Tracking;
using MlOps.Modules.Platform.Contracts;

namespace MlOps.Modules.Experiments.SearchRuns;

/// <summary>
/// Reads runs with raw SQL: a page of ids first, then only the latest metric values, params and tags of
/// those runs, never the metric history.
/// </summary>
internal sealed class RunReader(SharedDatabase database)
{
    private const int ParamSource = 0;
    private const int TagSource = 1;
    private const int MetricSource = 2;

    public async Task<Paged<RunDetails>> SearchAsync(RunSearchSql sql, PageRequest page, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var rows = new List<RunRow>(page.PageSize);
        var total = 0;
        await using (var select = sql.CreateCommand(connection, sql.PageSql))
        {
            RunSearchSql.AddParameter(select, "@take", page.PageSize);
            RunSearchSql.AddParameter(select, "@skip", page.Skip);
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add(RunRow.Read(reader));
                if (sql.CountsInPage) total = (int)reader.GetInt64(7);
            }
        }

        if (!sql.CountsInPage || (rows.Count == 0 && page.Page > 1))
        {
            await using var count = sql.CreateCommand(connection, sql.CountSql);
            total = Convert.ToInt32(await count.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        }

        return new Paged<RunDetails>(await DetailsAsync(connection, rows, cancellationToken), page.Page, page.PageSize, total);
    }

    public async Task<RunDetails?> GetAsync(long runId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var select = connection.CreateCommand();
        select.CommandText = """SELECT "Id", "ExperimentId", "Name", "Status", "StartTime", "EndTime", "DeletedAt" FROM experiments_runs WHERE "Id" = @id""";
        RunSearchSql.AddParameter(select, "@id", runId);
        RunRow? row = null;
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
            if (await reader.ReadAsync(cancellationToken)) row = RunRow.Read(reader);
        return row is null ? null : (await DetailsAsync(connection, [row], cancellationToken))[0];
    }

    private static async Task<IReadOnlyList<RunDetails>> DetailsAsync(DbConnection connection, List<RunRow> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0) return [];
        var values = await ReadValuesAsync(connection, rows.Select(r => r.Id).ToList(), cancellationToken);
        return rows.Select(r => new RunDetails(
                Ids.Format(r.Id),
                Ids.Format(r.ExperimentId),
                r.Name,
                Enum.Parse<RunStatus>(r.Status),
                UnixTime.FromMilliseconds(r.StartTime),
                r.EndTime is { } end ? UnixTime.FromMilliseconds(end) : null,
                Of<string>(values, ParamSource, r.Id),
                Of<double>(values, MetricSource, r.Id),
                Of<string>(values, TagSource, r.Id),
                r.DeletedAt is null ? LifecycleStage.Active : LifecycleStage.Deleted))
            .ToList();
    }

    private static IReadOnlyDictionary<string, T> Of<T>(Dictionary<(int Source, long RunId), Dictionary<string, object>> values, int source, long runId) =>
        values.TryGetValue((source, runId), out var pairs)
            ? pairs.ToDictionary(p => p.Key, p => (T)p.Value, StringComparer.Ordinal)
            : new Dictionary<string, T>();

    /// <summary>Params, tags and latest metrics of a page of runs in one round trip.</summary>
    private static async Task<Dictionary<(int Source, long RunId), Dictionary<string, object>>> ReadValuesAsync(
        DbConnection connection, List<long> ids, CancellationToken cancellationToken)
    {
        await using var select = connection.CreateCommand();
        var names = ids.Select((id, i) =>
        {
            RunSearchSql.AddParameter(select, $"@id{i}", id);
            return $"@id{i}";
        }).ToList();
        var list = string.Join(", ", names);
        select.CommandText = $"""
            SELECT {ParamSource}, "RunId", "Key", "Value", CAST(NULL AS DOUBLE PRECISION) FROM experiments_params WHERE "RunId" IN ({list})
            UNION ALL SELECT {TagSource}, "RunId", "Key", "Value", NULL FROM experiments_tags WHERE "RunId" IN ({list})
            UNION ALL SELECT {MetricSource}, "RunId", "Key", NULL, "Value" FROM experiments_latest_metrics WHERE "RunId" IN ({list})
            """;
        var result = new Dictionary<(int, long), Dictionary<string, object>>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var owner = (reader.GetInt32(0), reader.GetInt64(1));
            if (!result.TryGetValue(owner, out var pairs)) result[owner] = pairs = new Dictionary<string, object>(StringComparer.Ordinal);
            pairs[reader.GetString(2)] = reader.IsDBNull(3) ? reader.GetDouble(4) : reader.GetString(3);
        }

        return result;
    }

    private sealed record RunRow(long Id, long ExperimentId, string Name, string Status, long StartTime, long? EndTime, long? DeletedAt)
    {
        public static RunRow Read(DbDataReader reader) => new(
            reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), reader.GetString(3), reader.GetInt64(4),
            reader.IsDBNull(5) ? null : reader.GetInt64(5), reader.IsDBNull(6) ? null : reader.GetInt64(6));
    }
}
