using Microsoft.Data.Sqlite;
using MlOps.Modules.Platform.Contracts;
using MlOps.Tests.Support;

namespace MlOps.Tests.Hostile.Auth;

/// <summary>Keys that belong to nobody: what the owner migration leaves of keys that other keys created.</summary>
internal static class ServiceKeys
{
    public static async Task<HttpClient> CreateAsync(MlOpsFactory factory, string role)
    {
        using var admin = factory.CreateAdminClient();
        var created = await MlOpsFactory.CreateKeyAsync(admin, $"service-{Guid.NewGuid():N}", role);
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(factory.DataDirectory, "mlops.db")}");
        await connection.OpenAsync();
        await using var orphan = connection.CreateCommand();
        orphan.CommandText = "UPDATE platform_api_keys SET OwnerId = NULL WHERE Id = $id";
        orphan.Parameters.AddWithValue("$id", created.Id);
        await orphan.ExecuteNonQueryAsync();
        return MlOpsFactory.WithKey(factory.CreateClient(), created.Key);
    }
}
