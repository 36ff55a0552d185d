using System.Net.Http.Headers;
using System.Security.Claims;
using Microsoft.Extensions.DependencyInjection;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using System.Data.Common;
using MlOps.Modules.Platform.Contracts;
using MlOps.Tests.Support.Providers;

namespace MlOps.Tests.Support;

/// <summary>
/// The real app over a fresh database (a SQLite file in a temporary data directory, or a PostgreSQL database of its
/// own when the test runs in a PostgreSQL collection) and that data directory; with <c>MLOPS_TEST_ARTIFACTS=S3</c>, its
/// artifacts go to the S3 server <c>MLOPS_TEST_S3</c> names, under a prefix of its own.
/// </summary>
public class MlOpsFactory : WebApplicationFactory<Program>
{
    public const string BootstrapKey = "test-bootstrap-key-0123456789";
    public const string AdminEmail = "admin@mlops.test";
    public const string AdminPassword = "Admin-Pass-123!";

    /// <summary>How the audit log and promotions name the bootstrap key: it acts for the bootstrap Admin.</summary>
    public const string BootstrapActor = AdminEmail + " (key bootstrap)";

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
        // Tests sign in far more often than a person; the limit itself is pinned by a test of its own.
        builder.UseSetting("Platform:Login:PermitsPerMinute", "10000");
        foreach (var (key, value) in Database.SettingsFor(DataDirectory)) builder.UseSetting(key, value);
        if (Environment.GetEnvironmentVariable("MLOPS_TEST_ARTIFACTS") == "S3")
        {
            var s3 = S3Endpoint.FromEnvironment() ?? throw new InvalidOperationException($"MLOPS_TEST_ARTIFACTS=S3 needs {S3Endpoint.Variable}.");
            foreach (var (key, value) in s3.Settings(Path.GetFileName(DataDirectory))) builder.UseSetting(key, value);
        }

        foreach (var (key, value) in Settings) builder.UseSetting(key, value);
    }

    /// <summary>A client that authenticates with the bootstrap Admin key.</summary>
    public HttpClient CreateAdminClient() => WithKey(CreateClient(), BootstrapKey);

    /// <summary>
    /// A client holding a fresh API key of the given role that belongs to a person of its own (a new Admin), so its
    /// promotion requests can be decided with the bootstrap key.
    /// </summary>
    public async Task<HttpClient> CreateClientWithRoleAsync(string role)
    {
        var (id, email, _) = await CreatePersonAsync(Roles.Admin);
        var owner = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, id), new Claim(ClaimTypes.Name, email), new Claim(ClaimTypes.Role, Roles.Admin)], "test"));
        await using var scope = Services.CreateAsyncScope();
        var created = await scope.ServiceProvider.GetRequiredService<IApiKeys>().CreateAsync($"{role}-{Guid.NewGuid():N}", role, owner, CancellationToken.None);
        return WithKey(CreateClient(), created.Value!.Key);
    }

    /// <summary>A new user of the given role, created with the bootstrap key.</summary>
    public async Task<(string Email, string Password)> CreateUserAsync(string role)
    {
        var (_, email, password) = await CreatePersonAsync(role);
        return (email, password);
    }

    private async Task<(string Id, string Email, string Password)> CreatePersonAsync(string role)
    {
        var email = $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}@mlops.test";
        const string password = "Person-Pass-1!";
        using var admin = CreateAdminClient();
        var response = await admin.PostAsJsonAsync("/api/v1/admin/users", new { email, password, role });
        response.EnsureSuccessStatusCode();
        var id = (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetString()!;
        return (id, email, password);
    }

    /// <summary>
    /// A client signed in through the login form, as a browser is; it sends the antiforgery token with every request,
    /// as the app's own scripts prove intent for cookie writes.
    /// </summary>
    public async Task<HttpClient> CreateSignedInClientAsync(string email, string password, bool proveIntent = true)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = ClientOptions.BaseAddress, AllowAutoRedirect = false, HandleCookies = true });
        var signIn = await LoginForm.PostAsync(client, email, password);
        if (signIn.Headers.Location?.OriginalString != "/") throw new InvalidOperationException($"{email} could not sign in: {signIn.Headers.Location}");
        if (!proveIntent) return client;
        var token = await client.GetFromJsonAsync<AntiforgeryToken>("/api/v1/account/antiforgery");
        client.DefaultRequestHeaders.Add(token!.HeaderName, token.Token);
        return client;
    }

    public static async Task<CreatedApiKey> CreateKeyAsync(HttpClient creator, string name, string role)
    {
        var response = await creator.PostAsJsonAsync("/api/v1/admin/api-keys", new { name, role });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<CreatedApiKey>())!;
    }

    private sealed record AntiforgeryToken(string Token, string HeaderName);

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
        if (DeleteDataOnDispose)
        {
            await DataDirectories.DeleteAsync(DataDirectory);
            await Database.DropAsync(DataDirectory);
        }

        GC.SuppressFinalize(this);
    }
}
