using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace MlOps.Modules.Platform.Persistence;

/// <summary>
/// Per-connection SQLite settings: <c>synchronous=NORMAL</c> is safe with WAL and spares each commit an
/// fsync; <c>busy_timeout</c> lets SQLite wait for a writer in short steps instead of failing or sleeping long.
/// </summary>
internal sealed class SqlitePragmas : DbConnectionInterceptor
{
    public static readonly SqlitePragmas Instance = new();

    public const string Statements = "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Statements;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Statements;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
