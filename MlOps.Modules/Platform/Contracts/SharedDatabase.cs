using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace MlOps.Modules.Platform.Contracts;

public enum DatabaseProvider
{
    Sqlite,
    PostgreSql,
}

public sealed class DatabaseOptions
{
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;
}

/// <summary>The one database every module shares: the SQLite file in the data directory, or a PostgreSQL server.</summary>
public sealed class SharedDatabase
{
    public const string ConnectionStringName = "MlOps";

    private SharedDatabase(DatabaseProvider provider, string connectionString)
    {
        Provider = provider;
        ConnectionString = connectionString;
    }

    public DatabaseProvider Provider { get; }

    public string ConnectionString { get; }

    public static SharedDatabase From(MlOpsOptions options, IConfiguration configuration) => options.Database.Provider switch
    {
        DatabaseProvider.Sqlite => new SharedDatabase(DatabaseProvider.Sqlite, ModuleDatabase.ConnectionString(options.DatabasePath)),
        DatabaseProvider.PostgreSql => new SharedDatabase(DatabaseProvider.PostgreSql, PostgreSqlConnectionString(configuration)),
        var other => throw new InvalidOperationException($"MlOps:Database:Provider '{other}' is not supported; use Sqlite or PostgreSQL."),
    };

    public DbConnection CreateConnection() => Provider == DatabaseProvider.PostgreSql
        ? new NpgsqlConnection(ConnectionString)
        : new SqliteConnection(ConnectionString);

    public async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = CreateConnection();
        try
        {
            await connection.OpenAsync(cancellationToken);
            if (connection is SqliteConnection) await SqlitePragmasOn(connection, cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>On SQLite the transaction takes the write lock at once, so a batch that reads before it writes never meets a busy upgrade.</summary>
    public static async Task<DbTransaction> BeginWriteTransactionAsync(DbConnection connection, CancellationToken cancellationToken) =>
        connection is SqliteConnection sqlite
            ? sqlite.BeginTransaction(deferred: false)
            : await connection.BeginTransactionAsync(cancellationToken);

    private static async Task SqlitePragmasOn(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var pragma = connection.CreateCommand();
        pragma.CommandText = Persistence.SqlitePragmas.Statements;
        await pragma.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string PostgreSqlConnectionString(IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString(ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
            throw new InvalidOperationException(
                $"MlOps:Database:Provider is PostgreSQL but ConnectionStrings:{ConnectionStringName} is empty; set it (for example ConnectionStrings__{ConnectionStringName}=\"Host=...;Database=mlops;Username=...;Password=...\").");
        try
        {
            return new NpgsqlConnectionStringBuilder(connectionString).ConnectionString;
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException($"ConnectionStrings:{ConnectionStringName} is not a valid PostgreSQL connection string: {e.Message}", e);
        }
    }
}
