using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using MlOps.Modules.Platform.Contracts;

namespace MlOps.Modules.Platform.Persistence;

/// <summary>Creates the data directory and, on SQLite, switches the file to WAL before any module migrates.</summary>
internal sealed class DataDirectory(IOptions<MlOpsOptions> options, SharedDatabase database) : IModuleInitializer
{
    public int Order => -100;

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        try
        {
            Directory.CreateDirectory(options.Value.FullDataDirectory);
            if (database.Provider != DatabaseProvider.Sqlite) return;
            await using var connection = await database.OpenConnectionAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;";
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (Exception e) when (e is SqliteException or IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException(
                $"MlOps cannot start: the SQLite database {options.Value.DatabasePath} cannot be opened ({e.Message}). Check MlOps:DataDirectory and MlOps:DatabaseFileName.", e);
        }
    }
}
