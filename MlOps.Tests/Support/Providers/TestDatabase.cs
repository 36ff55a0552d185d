using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using MlOps.Modules.Platform.Contracts;
using Npgsql;

namespace MlOps.Tests.Support.Providers;

/// <summary>
/// The database a test host runs on. Tests in a PostgreSQL collection (<see cref="ProviderTestFramework"/>) get a
/// database of their own on the server named by <c>MLOPS_TEST_POSTGRES</c>, created with the host and dropped with it;
/// everything else gets the SQLite file in the host's data directory.
/// </summary>
public sealed class TestDatabase
{
    public const string ServerVariable = "MLOPS_TEST_POSTGRES";

    public static readonly string? PostgreSqlServer = Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } server ? server : null;

    public static readonly string SkipReason =
        $"PostgreSQL tests skipped: set {ServerVariable} to a connection string for a throwaway PostgreSQL server " +
        "(e.g. \"Host=127.0.0.1;Port=55432;Username=postgres\"; docs/scale-out.md shows how to start one) to run them again on PostgreSQL.";

    private static readonly AsyncLocal<bool> OnPostgreSql = new();

    private static readonly TestDatabase Sqlite = new(DatabaseProvider.Sqlite);
    private static readonly TestDatabase PostgreSql = new(DatabaseProvider.PostgreSql);

    private TestDatabase(DatabaseProvider provider) => Provider = provider;

    /// <summary>The provider of the running test's collection.</summary>
    public static TestDatabase Current => OnPostgreSql.Value ? PostgreSql : Sqlite;

    public DatabaseProvider Provider { get; }

    internal static void UsePostgreSql(bool postgreSql) => OnPostgreSql.Value = postgreSql;

    /// <summary>The settings that point a host over <paramref name="dataDirectory"/> at its database, creating it when it is new.</summary>
    public IReadOnlyDictionary<string, string?> SettingsFor(string dataDirectory)
    {
        if (Provider == DatabaseProvider.Sqlite) return new Dictionary<string, string?>();
        CreateIfMissing(dataDirectory);
        return new Dictionary<string, string?>
        {
            ["MlOps:Database:Provider"] = nameof(DatabaseProvider.PostgreSql),
            [$"ConnectionStrings:{SharedDatabase.ConnectionStringName}"] = ConnectionString(dataDirectory),
        };
    }

    public async Task<DbConnection> OpenAsync(string dataDirectory)
    {
        DbConnection connection = Provider == DatabaseProvider.PostgreSql
            ? new NpgsqlConnection(ConnectionString(dataDirectory))
            : new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(dataDirectory, "mlops.db"), Pooling = false }.ToString());
        await connection.OpenAsync();
        return connection;
    }

    public static async Task ExecuteAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    public async Task DropAsync(string dataDirectory)
    {
        if (Provider == DatabaseProvider.Sqlite) return;
        NpgsqlConnection.ClearAllPools();
        await using var server = new NpgsqlConnection(PostgreSqlServer);
        await server.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{NameOf(dataDirectory)}\" WITH (FORCE)", server);
        await drop.ExecuteNonQueryAsync();
    }

    private static void CreateIfMissing(string dataDirectory)
    {
        using var server = new NpgsqlConnection(PostgreSqlServer);
        server.Open();
        using var create = new NpgsqlCommand($"CREATE DATABASE \"{NameOf(dataDirectory)}\"", server);
        try
        {
            create.ExecuteNonQuery();
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DuplicateDatabase)
        {
            // A host restarted over the same data directory finds the database its predecessor left.
        }
    }

    private static string ConnectionString(string dataDirectory) =>
        new NpgsqlConnectionStringBuilder(PostgreSqlServer) { Database = NameOf(dataDirectory) }.ConnectionString;

    /// <summary>One database per data directory, so a host restarted over the same directory sees the same data.</summary>
    private static string NameOf(string dataDirectory) =>
        "mlops_test_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(dataDirectory))))[..24];
}
