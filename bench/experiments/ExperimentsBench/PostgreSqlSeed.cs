using System.Diagnostics;
using System.Globalization;
using MlOps.Modules.Experiments.Contracts;
using MlOps.Modules.Experiments.SearchRuns;
using MlOps.Modules.Platform.Contracts;
using Npgsql;
using NpgsqlTypes;

/// <summary>
/// The same runs as the SQLite seed (same random sequence), written into PostgreSQL: the runs by one
/// <c>INSERT ... SELECT generate_series</c>, their metrics, params and tags by binary <c>COPY</c>.
/// </summary>
internal static class PostgreSqlSeed
{
    public static async Task RunAsync(Settings settings, long experiment)
    {
        var clock = Stopwatch.StartNew();
        await using var connection = new NpgsqlConnection(settings.Postgres);
        await connection.OpenAsync();
        var start = DateTimeOffset.UtcNow.AddDays(-30).ToUnixTimeMilliseconds();
        var ids = new long[settings.RunCount];
        await using (var runs = new NpgsqlCommand("""
            INSERT INTO experiments_runs ("ExperimentId", "Name", "Status", "StartTime", "EndTime", "CreatedBy")
            SELECT @e, 'run-' || lpad(i::text, 6, '0'), CASE WHEN i % 50 = 0 THEN 'Failed' ELSE 'Finished' END, @start + i * 20000, @start + i * 20000 + 15000, 'bench'
            FROM generate_series(0, @n - 1) AS i
            RETURNING "Id", "StartTime"
            """, connection))
        {
            runs.Parameters.AddWithValue("e", experiment);
            runs.Parameters.AddWithValue("start", start);
            runs.Parameters.AddWithValue("n", settings.RunCount);
            await using var reader = await runs.ExecuteReaderAsync();
            while (await reader.ReadAsync()) ids[(reader.GetInt64(1) - start) / 20_000] = reader.GetInt64(0);
        }

        var random = new Random(42);
        var values = new double[settings.RunCount, 10];
        var parameters = new string[settings.RunCount, 10];
        var teams = new string[settings.RunCount];
        for (var i = 0; i < settings.RunCount; i++)
        {
            for (var k = 0; k < 10; k++)
            {
                values[i, k] = random.NextDouble();
                parameters[i, k] = k == 0 ? Seed.Trainers[random.Next(Seed.Trainers.Length)] : $"v{random.Next(10)}";
            }

            teams[i] = $"team-{random.Next(5)}";
        }

        long Ended(int i) => start + i * 20_000L + 15_000;
        await CopyAsync(connection, """COPY experiments_latest_metrics ("RunId", "Key", "Value", "Step", "Timestamp") FROM STDIN (FORMAT BINARY)""", settings.RunCount, async (writer, i, k) =>
        {
            await writer.WriteAsync(ids[i], NpgsqlDbType.Bigint);
            await writer.WriteAsync($"m{k}", NpgsqlDbType.Text);
            await writer.WriteAsync(values[i, k], NpgsqlDbType.Double);
            await writer.WriteAsync(0L, NpgsqlDbType.Bigint);
            await writer.WriteAsync(Ended(i), NpgsqlDbType.Bigint);
        });
        await CopyAsync(connection, """COPY experiments_metric_chunks ("RunId", "Key", "Count", "Points") FROM STDIN (FORMAT BINARY)""", settings.RunCount, async (writer, i, k) =>
        {
            await writer.WriteAsync(ids[i], NpgsqlDbType.Bigint);
            await writer.WriteAsync($"m{k}", NpgsqlDbType.Text);
            await writer.WriteAsync(1, NpgsqlDbType.Integer);
            await writer.WriteAsync(Seed.Point(0, Ended(i), values[i, k]), NpgsqlDbType.Bytea);
        });
        await CopyAsync(connection, """COPY experiments_params ("RunId", "Key", "Value") FROM STDIN (FORMAT BINARY)""", settings.RunCount, async (writer, i, k) =>
        {
            await writer.WriteAsync(ids[i], NpgsqlDbType.Bigint);
            await writer.WriteAsync($"p{k}", NpgsqlDbType.Text);
            await writer.WriteAsync(parameters[i, k], NpgsqlDbType.Text);
        });
        await using (var tags = await connection.BeginBinaryImportAsync("""COPY experiments_tags ("RunId", "Key", "Value") FROM STDIN (FORMAT BINARY)"""))
        {
            for (var i = 0; i < settings.RunCount; i++)
            {
                await tags.StartRowAsync();
                await tags.WriteAsync(ids[i], NpgsqlDbType.Bigint);
                await tags.WriteAsync("t0", NpgsqlDbType.Text);
                await tags.WriteAsync(teams[i], NpgsqlDbType.Text);
            }

            await tags.CompleteAsync();
        }

        await using (var keys = new NpgsqlCommand("""INSERT INTO experiments_keys ("ExperimentId", "Kind", "Key") VALUES """ +
            string.Join(", ", Enumerable.Range(0, 10).SelectMany(k => new[] { $"({experiment}, 0, 'm{k}')", $"({experiment}, 1, 'p{k}')" })) + $", ({experiment}, 2, 't0') ON CONFLICT DO NOTHING", connection))
            await keys.ExecuteNonQueryAsync();

        var seeded = clock.Elapsed;
        // What autovacuum does to freshly copied tables soon after (PostgreSQL 13+ vacuums after inserts too): statistics,
        // and the visibility map without which the search's index-only scans visit the heap for every row.
        await using (var vacuum = new NpgsqlCommand("VACUUM (ANALYZE)", connection)) await vacuum.ExecuteNonQueryAsync();
        Console.WriteLine();
        Console.WriteLine("== Seed: PostgreSQL INSERT ... SELECT generate_series and binary COPY ==");
        Console.WriteLine($"{settings.RunCount:N0} runs x 10 metrics (latest + history) x 10 params + 1 tag in experiment {experiment}: {seeded.TotalSeconds:F1} s, VACUUM ANALYZE {(clock.Elapsed - seeded).TotalSeconds:F1} s");
    }

    public static void PrintPlan(Settings settings, string experimentId)
    {
        var sql = RunSearchSql.Build([long.Parse(experimentId, CultureInfo.InvariantCulture)], FilterParser.Parse(Settings.Filter),
            Settings.OrderBy.Select(FilterParser.ParseOrder).ToList(), LifecycleView.ActiveOnly, DatabaseProvider.PostgreSql);
        using var connection = new NpgsqlConnection(settings.Postgres);
        connection.Open();
        Console.WriteLine();
        Console.WriteLine("== EXPLAIN ANALYZE of the search above on PostgreSQL (exact SQL the app builds) ==");
        Console.WriteLine(sql.PageSql);
        // A new server process runs its first queries far slower (catalog caches, first touch of shared buffers): about
        // 100 ms more for this one on the bench machine. The app's pooled connections are long past that, so the plan is
        // timed on a connection that has run the query once.
        using (var warm = PageCommand(sql, connection, sql.PageSql)) warm.ExecuteNonQuery();
        using var explain = PageCommand(sql, connection, "EXPLAIN ANALYZE " + sql.PageSql);
        using var reader = explain.ExecuteReader();
        while (reader.Read()) Console.WriteLine("  " + reader.GetString(0));
    }

    private static System.Data.Common.DbCommand PageCommand(RunSearchSql sql, NpgsqlConnection connection, string text)
    {
        var command = sql.CreateCommand(connection, text);
        RunSearchSql.AddParameter(command, "@take", 50);
        RunSearchSql.AddParameter(command, "@skip", 0);
        return command;
    }

    /// <summary>Ten rows per run (one per metric or param key), in run order.</summary>
    private static async Task CopyAsync(NpgsqlConnection connection, string copy, int runs, Func<NpgsqlBinaryImporter, int, int, Task> write)
    {
        await using var importer = await connection.BeginBinaryImportAsync(copy);
        for (var i = 0; i < runs; i++)
        {
            for (var k = 0; k < 10; k++)
            {
                await importer.StartRowAsync();
                await write(importer, i, k);
            }
        }

        await importer.CompleteAsync();
    }
}
