using Microsoft.Extensions.Options;
using MlOps.Modules.Platform.Contracts;

namespace MlOps.Modules.Platform.Persistence;

/// <summary>Creates the data directory and, on SQLite, switches the file to WAL before any module migrates.</summary>
internal sealed class DataDirectory(IOptions<MlOpsOptions> options, SharedDatabase database) : IModuleInitializer
{
    public int Order => -100;

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(options.Value.FullDataDirectory);
        if (database.Provider != DatabaseProvider.Sqlite) return;
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;";
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
