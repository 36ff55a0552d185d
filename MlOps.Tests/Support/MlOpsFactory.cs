using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using System.Data.Common;
using MlOps.Modules.Platform.Contracts;
using MlOps.Tests.Support.Providers;

namespace MlOps.Tests.Support;

/// <summary>
/// The real app over a fresh database (a SQLite file in a temporary data directory, or a PostgreSQL database of its
/// own when the test runs in a PostgreSQL collection) and that data directory.
/// </summary>
public class MlOpsFactory : WebApplicationFactory<Program>
{
    public const string BootstrapKey = "test-bootstrap-key-0123456789";
    public const string AdminEmail = "admin@mlops.test";
    public const string AdminPassword = "Admin-Pass-123!";

    public string DataDirectory { get; init; } = Path.Combine(Path.GetTempPath(), "mlops-tests", Guid.NewGuid().ToString("N"));

    /// <summary>Chosen when the host is made: fixtures and tests are made inside their collection's provider.</summary>
    public TestDatabase Database { get; } = TestDatabase.Current;

    /// <summary>False for a host that a test restarts over the same data.</summary>
    public bool DeleteDataOnDispose { get; init; } = true;

    protected virtual IDictionary<string, string?> Settings => new Dictionary<string, string?>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("MlOps:DataDirectory", DataDirectory);
        builder.UseSetting("Bootstrap:ApiKey", BootstrapKey);
        builder.UseSetting("Bootstrap:AdminEmail", AdminEmail);
        builder.UseSetting("Bootstrap:AdminPassword", AdminPassword);
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        foreach (var (key, value) in Database.SettingsFor(DataDirectory)) builder.UseSetting(key, value);
        foreach (var (key, value) in Settings) builder.UseSetting(key, value);
    }

    /// <summary>A client that authenticates with the bootstrap Admin key.</summary>
    public HttpClient CreateAdminClient() => WithKey(CreateClient(), BootstrapKey);

    /// <summary>A client holding a fresh API key of the given role.</summary>
    public async Task<HttpClient> CreateClientWithRoleAsync(string role)
    {
        using var admin = CreateAdminClient();
        var response = await admin.PostAsJsonAsync("/api/v1/admin/api-keys", new { name = $"{role}-{Guid.NewGuid():N}", role });
        response.EnsureSuccessStatusCode();
        var created = await response.Content.ReadFromJsonAsync<CreatedApiKey>();
        return WithKey(CreateClient(), created!.Key);
    }

    /// <summary>A connection to this host's database, for tests that reach under the API.</summary>
    public Task<DbConnection> OpenDatabaseAsync() => Database.OpenAsync(DataDirectory);

    public static HttpClient WithKey(HttpClient client, string key)
    {
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return client;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (DeleteDataOnDispose && Directory.Exists(DataDirectory)) Directory.Delete(DataDirectory, recursive: true);
        if (DeleteDataOnDispose) await Database.DropAsync(DataDirectory);
        GC.SuppressFinalize(this);
    }
}
