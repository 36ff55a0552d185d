using MlOps.Modules.Platform.Contracts;
using MlOps.Tests.Support;
using MlOps.Tests.Support.Providers;
using Npgsql;

namespace MlOps.Tests.Cluster;

/// <summary>
/// Real MlOps.Web processes sharing one PostgreSQL database (a fresh one on <c>MLOPS_TEST_POSTGRES</c>'s server) and
/// one S3 bucket (<c>MLOPS_TEST_S3</c>, under a prefix of this cluster's own): replicas <see cref="A"/> and
/// <see cref="B"/> start with it, and a test may start more, kill and restart them.
/// </summary>
public sealed class ReplicaCluster : IAsyncLifetime
{
    public const string BootstrapKey = "cluster-bootstrap-key-0123456789";
    public const string AdminEmail = "admin@cluster.test";
    public const string AdminPassword = "Admin-Pass-123!";

    /// <summary>How often the cron schedules of these tests fire: the replicas' schedule floor is lowered to it.</summary>
    public const int CronSeconds = 5;

    public const string Collection = "Replica clusters";

    /// <summary>Why cluster tests skip here, null when PostgreSQL and an S3 server are at hand.</summary>
    public static string? SkipReason { get; } = TestDatabase.PostgreSqlServer is null
        ? $"Cluster tests skipped: set {TestDatabase.ServerVariable} (a throwaway PostgreSQL server) and {S3Endpoint.Variable} (an S3 bucket); .ci/run sets both."
        : S3Storage.SkipReason;

    private readonly string _database = $"mlops_cluster_{Guid.NewGuid():N}";
    private readonly S3Storage _s3 = new();
    private readonly List<Replica> _replicas = [];

    public Replica A { get; private set; } = null!;

    public Replica B { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (SkipReason is not null) return;
        await _s3.InitializeAsync();
        await ExecuteOnServerAsync($"CREATE DATABASE \"{_database}\"");
        try
        {
            // One after the other: the first start bootstraps the Admin and migrates; the second finds both done.
            A = await StartReplicaAsync("A");
            B = await StartReplicaAsync("B");
        }
        catch
        {
            // A fixture whose start fails is never disposed: stop what did start and drop the database.
            await DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts one more replica on this cluster's database and bucket; <paramref name="settings"/> add to or override the shared ones.</summary>
    public async Task<Replica> StartReplicaAsync(string name, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var shared = new Dictionary<string, string?>(SharedSettings()) { ["MlOps:Instance"] = Replica.InstanceOf(name) };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) shared[key] = value;
        var replica = new Replica(name, shared);
        _replicas.Add(replica);
        await replica.StartAsync();
        return replica;
    }

    public HttpClient CreateAdminClient(Replica replica) => replica.CreateClient(BootstrapKey);

    /// <summary>A second Admin, signed in on <paramref name="replica"/>, to approve what the bootstrap Admin requested.</summary>
    public async Task<HttpClient> SignInSecondAdminAsync(Replica replica)
    {
        var email = $"approver-{Guid.NewGuid():N}@cluster.test";
        const string password = "Approver-Pass-1!";
        using var admin = CreateAdminClient(replica);
        var created = await admin.PostAsync("/api/v1/admin/users",
            System.Net.Http.Json.JsonContent.Create(new { email, password, role = Roles.Admin }));
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        return await replica.SignInAsync(email, password);
    }

    private Dictionary<string, string?> SharedSettings()
    {
        var settings = new Dictionary<string, string?>(_s3.Endpoint.Settings(_database))
        {
            ["MlOps:Database:Provider"] = nameof(DatabaseProvider.PostgreSql),
            [$"ConnectionStrings:{SharedDatabase.ConnectionStringName}"] = new NpgsqlConnectionStringBuilder(TestDatabase.PostgreSqlServer) { Database = _database }.ConnectionString,
            ["Bootstrap:ApiKey"] = BootstrapKey,
            ["Bootstrap:AdminEmail"] = AdminEmail,
            ["Bootstrap:AdminPassword"] = AdminPassword,
            ["Logging:LogLevel:Default"] = "Warning",
            ["Platform:Login:PermitsPerMinute"] = "10000",
            ["Scheduling:MinimumIntervalSeconds"] = CronSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            // A dead replica is noticed in about 12 s rather than 35 s; 10 s still leaves a busy replica five late beats.
            ["MlOps:Cluster:HeartbeatSeconds"] = "2",
            ["MlOps:Cluster:ReplicaTimeoutSeconds"] = "10",
            // Alias lookups trusted for ten minutes: only the pushed signal can bring a promotion to the other replica.
            ["Serving:AliasRefreshSeconds"] = "600",
        };
        return settings;
    }

    public async Task DisposeAsync()
    {
        foreach (var replica in _replicas) await replica.DisposeAsync();
        if (SkipReason is not null) return;
        await _s3.DisposeAsync();
        await ExecuteOnServerAsync($"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)");
    }

    private static async Task ExecuteOnServerAsync(string sql)
    {
        await using var server = new NpgsqlConnection(TestDatabase.PostgreSqlServer);
        await server.OpenAsync();
        await using var command = new NpgsqlCommand(sql, server);
        await command.ExecuteNonQueryAsync();
    }
}

/// <summary>The classes that start real replicas take turns: two clusters of two processes at once would crowd two cores.</summary>
[CollectionDefinition(ReplicaCluster.Collection)]
public sealed class ReplicaClusterCollection;

/// <summary>A test that needs the real processes of <see cref="ReplicaCluster"/>; skipped, saying why, without PostgreSQL and S3.</summary>
public sealed class ClusterFactAttribute : FactAttribute
{
    public ClusterFactAttribute() => Skip = ReplicaCluster.SkipReason;
}
