using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;
using MlOps.Modules.Experiments.Contracts;
using MlOps.Modules.Experiments.SearchRuns;
using MlOps.Modules.Platform.Contracts;

// Drives a running MlOps over HTTP and prints the Experiments figures the issue asks for:
// log-batch ingest rate, search latency over 100,000 runs, the search's query plan, and the runs page render time.
var settings = Settings.From(args);
using var http = new HttpClient { BaseAddress = new Uri(settings.Url), Timeout = TimeSpan.FromMinutes(5) };
http.DefaultRequestHeaders.Add("X-Api-Key", settings.ApiKey);
// MLflow clients send the key as a Bearer token; the native routes read X-Api-Key and ignore it.
http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", settings.ApiKey);

Console.WriteLine($"MlOps Experiments benchmark against {settings.Url} ({Environment.ProcessorCount} cores)");
if (settings.Runs(Phase.Ingest)) await Ingest.RunAsync(http, settings, IngestRoute.Native);
if (settings.Runs(Phase.MlflowIngest)) await Ingest.RunAsync(http, settings, IngestRoute.Mlflow);
if (settings.Runs(Phase.Writer)) await WriterOnly.RunAsync(http, settings);
if (settings.Runs(Phase.Search) || settings.Runs(Phase.Page) || settings.Runs(Phase.MlflowSearch))
{
    var experimentId = await Seed.RunAsync(http, settings);
    if (settings.Runs(Phase.Search))
    {
        await Search.RunAsync(http, settings, experimentId);
        QueryPlan.Print(settings, experimentId);
    }

    if (settings.Runs(Phase.MlflowSearch)) await MlflowSearch.RunAsync(http, settings, experimentId);

    if (settings.Runs(Phase.Page)) await PageRender.RunAsync(settings, experimentId);
}

internal enum Phase
{
    Ingest,
    Writer,
    Search,
    Page,
    MlflowIngest,
    MlflowSearch,
}

/// <param name="Postgres">The app's PostgreSQL connection string when it runs on PostgreSQL (seed and query plan go there; no SQLite file).</param>
internal sealed record Settings(string Url, string ApiKey, string DatabasePath, string Email, string Password, int RunCount, int IngestCalls, int IngestWorkers, int SearchSamples, string Browser, string Phases, string Postgres)
{
    public bool OnPostgreSql => Postgres.Length > 0;

    /// <summary>Phases are named like <c>mlflow-ingest</c> on the command line.</summary>
    public bool Runs(Phase phase) => Phases.Split(',').Any(p => p.Replace("-", "", StringComparison.Ordinal).Equals(phase.ToString(), StringComparison.OrdinalIgnoreCase));

    public const string Filter = "metrics.m0 > 0.9 and params.p0 = 'LightGbm'";
    public const string OrFilter = "(params.p1 in ('v1', 'v2') or tags.t0 = 'team-3') and metrics.m2 < 0.05";
    public static readonly string[] OrderBy = ["metrics.m1 desc"];

    public static Settings From(string[] args)
    {
        var values = args.Select(a => a.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0].TrimStart('-'), p => p[1]);
        string Get(string key, string fallback) => values.TryGetValue(key, out var value) ? value : fallback;
        int Int(string key, int fallback) => int.Parse(Get(key, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
        return new Settings(Get("url", "http://127.0.0.1:5099"), Get("key", ""), Get("db", ""), Get("email", ""), Get("password", ""),
            Int("runs", 100_000), Int("ingest-calls", 400), Int("ingest-workers", 4), Int("search-samples", 51), Get("browser", "/usr/bin/chromium"),
            Get("phases", "ingest,writer,search,page"), Get("postgres", ""));
    }
}

internal static class Api
{
    public static async Task<string> CreateExperimentAsync(HttpClient http, string name)
    {
        var response = await http.PostAsJsonAsync("/api/v1/experiments", new { name });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    public static async Task<string> CreateRunAsync(HttpClient http, string experimentId)
    {
        var response = await http.PostAsJsonAsync($"/api/v1/experiments/{experimentId}/runs", new { });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    public static double Median(List<double> samples)
    {
        var sorted = samples.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    public static double Percentile(List<double> samples, double p)
    {
        var sorted = samples.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
    }
}

/// <summary>
/// The log-batch write path without HTTP, JSON or the audit entry: the app's own RunLogWriter against the app's
/// database file, one batch at a time. Shows how much of the ingest cost is SQLite and how much is the rest.
/// </summary>
internal static class WriterOnly
{
    public static async Task RunAsync(HttpClient http, Settings settings)
    {
        var run = long.Parse(await Api.CreateRunAsync(http, await Api.CreateExperimentAsync(http, $"bench-writer-{Guid.NewGuid():N}")), CultureInfo.InvariantCulture);
        var directory = Path.GetDirectoryName(settings.DatabasePath)!;
        using var writer = new MlOps.Modules.Experiments.LogBatch.RunLogWriter(
            MlOps.Modules.Platform.Contracts.SharedDatabase.From(
                new MlOps.Modules.Platform.Contracts.MlOpsOptions { DataDirectory = directory, DatabaseFileName = Path.GetFileName(settings.DatabasePath) },
                new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build()),
            TimeProvider.System);
        var batches = Enumerable.Range(0, 230).Select(call => new MlOps.Modules.Experiments.Contracts.RunLog(Metrics: Enumerable.Range(0, 1000)
            .Select(i => new MlOps.Modules.Experiments.Contracts.MetricValue($"m{i % 10}", Random.Shared.NextDouble(), call * 100L + i / 10)).ToList())).ToList();
        for (var i = 0; i < 30; i++) await writer.WriteAsync(run, batches[i], CancellationToken.None);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        for (var i = 30; i < batches.Count; i++) await writer.WriteAsync(run, batches[i], CancellationToken.None);
        clock.Stop();
        var calls = batches.Count - 30;
        Console.WriteLine();
        Console.WriteLine("== Writer only: the app's RunLogWriter in this process, 1000 metrics per batch, no HTTP/JSON/audit ==");
        Console.WriteLine($"{calls} batches: {calls * 1000 / clock.Elapsed.TotalSeconds:N0} metric points/s, {clock.Elapsed.TotalMilliseconds / calls:F2} ms wall and {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / calls:F2} ms CPU per batch");
    }
}

internal enum IngestRoute
{
    Native,
    Mlflow,
}

internal static class Ingest
{
    private const int MetricsPerCall = 1000;
    private const int Keys = 10;

    public static async Task RunAsync(HttpClient http, Settings settings, IngestRoute route)
    {
        var experiment = await Api.CreateExperimentAsync(http, $"bench-ingest-{Guid.NewGuid():N}");
        var runs = new List<string>();
        for (var i = 0; i < settings.IngestWorkers; i++) runs.Add(await Api.CreateRunAsync(http, experiment));
        // The warm-up goes through every client at once, as the measured calls do: the server's JIT and as many pooled
        // database connections as the clients need are warm before the clock starts, as they are on a server in use.
        const int warmUpCalls = 10;
        await Task.WhenAll(runs.Select(run => Task.Run(async () =>
        {
            for (var call = 0; call < warmUpCalls; call++) await PostAsync(http, route, run, Body(route, run, call - warmUpCalls));
        })));

        // Bodies are built before the clock starts, as wrk or hey send a prepared body: the figure is the server's ingest rate.
        var perWorker = settings.IngestCalls / settings.IngestWorkers;
        var bodies = runs.ToDictionary(run => run, run => Enumerable.Range(0, perWorker).Select(call => Body(route, run, call)).ToList());
        var latencies = new List<double>();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(runs.Select(run => Task.Run(async () =>
        {
            for (var call = 0; call < perWorker; call++)
            {
                var started = Stopwatch.GetTimestamp();
                await PostAsync(http, route, run, bodies[run][call]);
                lock (latencies) latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        })));
        clock.Stop();
        var points = (long)perWorker * settings.IngestWorkers * MetricsPerCall;
        Console.WriteLine();
        Console.WriteLine(route == IngestRoute.Native
            ? "== Ingest: POST /api/v1/runs/{id}/log-batch, 1000 metrics per call =="
            : "== Ingest through MLflow: POST /api/2.0/mlflow/runs/log-batch, 1000 metrics per call as the MLflow client sends them ==");
        Console.WriteLine($"calls: {latencies.Count} over {settings.IngestWorkers} concurrent clients, {points:N0} metric points in {clock.Elapsed.TotalSeconds:F2} s");
        Console.WriteLine($"ingest rate: {points / clock.Elapsed.TotalSeconds:N0} metric points/s");
        Console.WriteLine($"log-batch latency: median {Api.Median(latencies):F1} ms, p95 {Api.Percentile(latencies, 0.95):F1} ms");
    }

    /// <summary>The same points either way; MLflow's client also names the run in the body and stamps every point.</summary>
    private static byte[] Body(IngestRoute route, string run, int call)
    {
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        using var body = new MemoryStream();
        using (var json = new Utf8JsonWriter(body))
        {
            json.WriteStartObject();
            if (route == IngestRoute.Mlflow) json.WriteString("run_id", run);
            json.WriteStartArray("metrics");
            for (var i = 0; i < MetricsPerCall; i++)
            {
                json.WriteStartObject();
                json.WriteString("key", $"m{i % Keys}");
                json.WriteNumber("value", Random.Shared.NextDouble());
                if (route == IngestRoute.Mlflow) json.WriteNumber("timestamp", timestamp);
                json.WriteNumber("step", (long)call * (MetricsPerCall / Keys) + i / Keys);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return body.ToArray();
    }

    private static async Task PostAsync(HttpClient http, IngestRoute route, string run, byte[] body)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var response = await http.PostAsync(route == IngestRoute.Native ? $"/api/v1/runs/{run}/log-batch" : "/api/2.0/mlflow/runs/log-batch", content);
        response.EnsureSuccessStatusCode();
    }
}

/// <summary>
/// Writes 100,000 runs straight into the database (SQLite in batched transactions, PostgreSQL by <see cref="PostgreSqlSeed"/>):
/// the API is measured above, not used to seed.
/// </summary>
internal static class Seed
{
    public static readonly string[] Trainers = ["LightGbm", "FastTree", "FastForest", "Sdca", "LbfgsLogisticRegression"];

    public static async Task<string> RunAsync(HttpClient http, Settings settings)
    {
        var experimentId = await Api.CreateExperimentAsync(http, $"bench-search-{Guid.NewGuid():N}");
        var experiment = long.Parse(experimentId, CultureInfo.InvariantCulture);
        if (settings.OnPostgreSql)
        {
            await PostgreSqlSeed.RunAsync(settings, experiment);
            return experimentId;
        }

        var random = new Random(42);
        var clock = Stopwatch.StartNew();
        using var connection = new SqliteConnection($"Data Source={settings.DatabasePath};Default Timeout=60");
        connection.Open();
        var start = DateTimeOffset.UtcNow.AddDays(-30).ToUnixTimeMilliseconds();
        const int perTransaction = 10_000;
        for (var done = 0; done < settings.RunCount; done += perTransaction)
        {
            using var transaction = connection.BeginTransaction();
            using var run = Command(connection, "INSERT INTO experiments_runs (ExperimentId, Name, Status, StartTime, EndTime, CreatedBy) VALUES ($e, $n, $s, $st, $et, 'bench') RETURNING Id",
                "$e", "$n", "$s", "$st", "$et");
            using var metric = Command(connection, "INSERT INTO experiments_latest_metrics (RunId, Key, Value, Step, Timestamp) VALUES ($r, $k, $v, 0, $t)", "$r", "$k", "$v", "$t");
            using var history = Command(connection, "INSERT INTO experiments_metric_chunks (RunId, Key, Count, Points) VALUES ($r, $k, 1, $p)", "$r", "$k", "$p");
            using var param = Command(connection, "INSERT INTO experiments_params (RunId, Key, Value) VALUES ($r, $k, $v)", "$r", "$k", "$v");
            using var tag = Command(connection, "INSERT INTO experiments_tags (RunId, Key, Value) VALUES ($r, $k, $v)", "$r", "$k", "$v");
            for (var i = done; i < Math.Min(settings.RunCount, done + perTransaction); i++)
            {
                var started = start + i * 20_000L;
                run.Parameters[0].Value = experiment;
                run.Parameters[1].Value = $"run-{i:D6}";
                run.Parameters[2].Value = i % 50 == 0 ? "Failed" : "Finished";
                run.Parameters[3].Value = started;
                run.Parameters[4].Value = started + 15_000;
                var id = (long)run.ExecuteScalar()!;
                for (var k = 0; k < 10; k++)
                {
                    var value = random.NextDouble();
                    metric.Parameters[0].Value = id;
                    metric.Parameters[1].Value = $"m{k}";
                    metric.Parameters[2].Value = value;
                    metric.Parameters[3].Value = started + 15_000;
                    metric.ExecuteNonQuery();
                    history.Parameters[0].Value = id;
                    history.Parameters[1].Value = $"m{k}";
                    history.Parameters[2].Value = Point(0, started + 15_000, value);
                    history.ExecuteNonQuery();

                    param.Parameters[0].Value = id;
                    param.Parameters[1].Value = $"p{k}";
                    param.Parameters[2].Value = k == 0 ? Trainers[random.Next(Trainers.Length)] : $"v{random.Next(10)}";
                    param.ExecuteNonQuery();
                }

                tag.Parameters[0].Value = id;
                tag.Parameters[1].Value = "t0";
                tag.Parameters[2].Value = $"team-{random.Next(5)}";
                tag.ExecuteNonQuery();
            }

            transaction.Commit();
        }

        using (var keys = connection.CreateCommand())
        {
            keys.CommandText = "INSERT OR IGNORE INTO experiments_keys (ExperimentId, Kind, Key) VALUES " +
                string.Join(", ", Enumerable.Range(0, 10).SelectMany(k => new[] { $"({experiment}, 0, 'm{k}')", $"({experiment}, 1, 'p{k}')" })) + $", ({experiment}, 2, 't0')";
            keys.ExecuteNonQuery();
        }

        var seeded = clock.Elapsed;
        using (var analyze = connection.CreateCommand())
        {
            analyze.CommandText = "ANALYZE";
            analyze.ExecuteNonQuery();
        }

        Console.WriteLine();
        Console.WriteLine("== Seed: direct batched SQLite inserts ==");
        Console.WriteLine($"{settings.RunCount:N0} runs x 10 metrics (latest + history) x 10 params + 1 tag in experiment {experimentId}: {seeded.TotalSeconds:F1} s, ANALYZE {(clock.Elapsed - seeded).TotalSeconds:F1} s");
        return experimentId;
    }

    /// <summary>One point in the app's packed history format: little-endian step, Unix-millisecond timestamp, value.</summary>
    public static byte[] Point(long step, long timestamp, double value)
    {
        var bytes = new byte[24];
        System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(bytes, step);
        System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(8), timestamp);
        System.Buffers.Binary.BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(16), value);
        return bytes;
    }

    private static SqliteCommand Command(SqliteConnection connection, string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters) command.Parameters.Add(new SqliteParameter(name, null));
        return command;
    }
}

internal static class Search
{
    public static async Task RunAsync(HttpClient http, Settings settings, string experimentId)
    {
        Console.WriteLine();
        Console.WriteLine($"== Search: POST /runs/search over {settings.RunCount:N0} runs, first page of 50 ==");
        await MeasureAsync(http, settings, experimentId, Settings.Filter, Settings.OrderBy);
        await MeasureAsync(http, settings, experimentId, Settings.OrFilter, ["params.p0 asc", "metrics.m3 desc"]);
        await MeasureAsync(http, settings, experimentId, null, []);
    }

    private static async Task MeasureAsync(HttpClient http, Settings settings, string experimentId, string? filter, string[] orderBy)
    {
        var body = JsonSerializer.Serialize(new { experimentIds = new[] { experimentId }, filter, orderBy, page = 1, pageSize = 50 });
        var samples = new List<double>();
        var total = 0;
        for (var i = 0; i < settings.SearchSamples + 5; i++)
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await http.PostAsync("/api/v1/runs/search", new StringContent(body, Encoding.UTF8, "application/json"));
            var json = await response.Content.ReadFromJsonAsync<JsonElement>();
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            response.EnsureSuccessStatusCode();
            total = json.GetProperty("total").GetInt32();
            if (i >= 5) samples.Add(elapsed);
        }

        Console.WriteLine($"filter: {filter ?? "(none)"} | orderBy: {(orderBy.Length == 0 ? "(default: startTime desc)" : string.Join(", ", orderBy))}");
        Console.WriteLine($"  matches {total:N0} runs; search latency over {samples.Count} calls: median {Api.Median(samples):F1} ms, p95 {Api.Percentile(samples, 0.95):F1} ms");
    }
}

internal static class QueryPlan
{
    public static void Print(Settings settings, string experimentId)
    {
        if (settings.OnPostgreSql)
        {
            PostgreSqlSeed.PrintPlan(settings, experimentId);
            return;
        }

        var sql = RunSearchSql.Build([long.Parse(experimentId, CultureInfo.InvariantCulture)], FilterParser.Parse(Settings.Filter),
            Settings.OrderBy.Select(FilterParser.ParseOrder).ToList(), LifecycleView.ActiveOnly, DatabaseProvider.Sqlite);
        using var connection = new SqliteConnection($"Data Source={settings.DatabasePath}");
        connection.Open();
        Console.WriteLine();
        Console.WriteLine("== EXPLAIN QUERY PLAN of the search above (exact SQL the app builds) ==");
        Console.WriteLine(sql.PageSql);
        foreach (var text in new[] { sql.PageSql, sql.CountSql })
        {
            using var explain = sql.CreateCommand(connection, "EXPLAIN QUERY PLAN " + text);
            RunSearchSql.AddParameter(explain, "@take", 50);
            RunSearchSql.AddParameter(explain, "@skip", 0);
            using var reader = explain.ExecuteReader();
            var depth = new Dictionary<long, int> { [0] = 0 };
            Console.WriteLine(text == sql.CountSql ? "-- count query plan (run only for a page past the end, since this search has a filter):" : "-- page query plan (total comes from COUNT(*) OVER ()):");
            while (reader.Read())
            {
                var level = depth.GetValueOrDefault(reader.GetInt64(1)) + 1;
                depth[reader.GetInt64(0)] = level;
                Console.WriteLine($"{new string(' ', level * 2)}{reader.GetString(3)}");
            }
        }
    }
}

internal static class PageRender
{
    public static async Task RunAsync(Settings settings, string experimentId)
    {
        Console.WriteLine();
        Console.WriteLine($"== Runs page: /experiments/{experimentId} in Chromium, until the first 50 rows are on screen ==");
        if (!File.Exists(settings.Browser) || string.IsNullOrEmpty(settings.Email))
        {
            Console.WriteLine($"skipped: no browser at {settings.Browser} or no admin email given");
            return;
        }

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = settings.Browser,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        });
        var page = await browser.NewPageAsync();
        await page.GotoAsync($"{settings.Url}/login");
        await page.FillAsync("#email", settings.Email);
        await page.FillAsync("#password", settings.Password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(url => !url.Contains("/login", StringComparison.Ordinal));

        var rows = page.Locator("[data-testid=runs-table] td[data-run-id]");
        var cold = new List<double>();
        for (var i = 0; i < 8; i++)
        {
            await page.GotoAsync($"{settings.Url}/");
            var started = Stopwatch.GetTimestamp();
            await page.GotoAsync($"{settings.Url}/experiments/{experimentId}");
            await rows.Nth(49).WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
            if (i >= 3) cold.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        var total = await page.Locator("[data-testid=runs-total]").InnerTextAsync();
        Console.WriteLine($"rows shown: 50 of {total}");
        Console.WriteLine($"full page load (new circuit) until 50 rows visible, {cold.Count} loads: median {Api.Median(cold):F0} ms, max {cold.Max():F0} ms");

        var inApp = new List<double>();
        for (var i = 0; i < 8; i++)
        {
            await page.GotoAsync($"{settings.Url}/experiments");
            var link = page.Locator($"a[href='experiments/{experimentId}']");
            await link.WaitForAsync();
            await page.Locator("[data-interactive=true]").WaitForAsync();
            var started = Stopwatch.GetTimestamp();
            await link.ClickAsync();
            await rows.Nth(49).WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
            if (i >= 3) inApp.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        Console.WriteLine($"in-app navigation (click in Experiments list) until 50 rows visible, {inApp.Count} loads: median {Api.Median(inApp):F0} ms, max {inApp.Max():F0} ms");
    }
}
