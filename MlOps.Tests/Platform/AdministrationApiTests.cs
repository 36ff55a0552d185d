using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Data.Common;
using MlOps.Modules.Platform.Contracts;
using MlOps.Tests.Support;
using MlOps.Tests.Support.Providers;

namespace MlOps.Tests.Platform;

public sealed class AdministrationApiTests(MlOpsFactory factory) : IClassFixture<MlOpsFactory>
{
    [Fact]
    public async Task Creating_a_user_returns_201_with_location_and_is_audited()
    {
        using var admin = factory.CreateAdminClient();

        var response = await admin.PostAsJsonAsync("/api/v1/admin/users", new { email = "ds@mlops.test", password = "Science-Pass-1!", role = "DataScientist" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var user = await response.Content.ReadFromJsonAsync<UserSummary>();
        Assert.Equal($"/api/v1/admin/users/{user!.Id}", response.Headers.Location?.OriginalString);
        var audit = await admin.GetFromJsonAsync<Paged<AuditEntry>>($"/api/v1/audit?entityType=user&entityId={user.Id}");
        var entry = Assert.Single(audit!.Items);
        Assert.Equal((MlOpsFactory.BootstrapActor, "user.created"), (entry.Actor, entry.Action));
    }

    [Fact]
    public async Task A_duplicate_email_is_409()
    {
        using var admin = factory.CreateAdminClient();
        await admin.PostAsJsonAsync("/api/v1/admin/users", new { email = "twice@mlops.test", password = "Twice-Pass-1!", role = "Analyst" });

        var response = await admin.PostAsJsonAsync("/api/v1/admin/users", new { email = "twice@mlops.test", password = "Twice-Pass-1!", role = "Analyst" });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }

    [Fact]
    public async Task A_weak_password_and_unknown_role_are_400_naming_the_fields()
    {
        using var admin = factory.CreateAdminClient();

        var weak = await admin.PostAsJsonAsync("/api/v1/admin/users", new { email = "weak@mlops.test", password = "weakpassword", role = "Analyst" });
        var badRole = await admin.PostAsJsonAsync("/api/v1/admin/users", new { email = "role@mlops.test", password = "Strong-Pass-1!", role = "Boss" });

        Assert.Equal(HttpStatusCode.BadRequest, weak.StatusCode);
        Assert.True((await ErrorsOf(weak)).TryGetProperty("password", out _));
        Assert.Equal(HttpStatusCode.BadRequest, badRole.StatusCode);
        Assert.True((await ErrorsOf(badRole)).TryGetProperty("role", out _));
    }

    [Fact]
    public async Task A_disabled_user_can_no_longer_sign_in_and_the_last_admin_cannot_be_disabled()
    {
        using var admin = factory.CreateAdminClient();
        var created = await (await admin.PostAsJsonAsync("/api/v1/admin/users", new { email = "gone@mlops.test", password = "Gone-Pass-1!", role = "Analyst" }))
            .Content.ReadFromJsonAsync<UserSummary>();
        var users = await admin.GetFromJsonAsync<List<UserSummary>>("/api/v1/admin/users");
        var onlyAdmin = users!.Single(u => u.Email == MlOpsFactory.AdminEmail);

        var disabled = await admin.PostAsync($"/api/v1/admin/users/{created!.Id}/disable", null);
        var lastAdmin = await admin.PostAsync($"/api/v1/admin/users/{onlyAdmin.Id}/disable", null);

        Assert.True((await disabled.Content.ReadFromJsonAsync<UserSummary>())!.Disabled);
        Assert.Equal(HttpStatusCode.Conflict, lastAdmin.StatusCode);
        using var browser = factory.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        var signIn = await LoginForm.PostAsync(browser, "gone@mlops.test", "Gone-Pass-1!");
        Assert.StartsWith("/login?error=locked", signIn.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task An_api_key_is_shown_once_stored_hashed_and_stops_working_when_revoked()
    {
        using var admin = factory.CreateAdminClient();
        var created = await (await admin.PostAsJsonAsync("/api/v1/admin/api-keys", new { name = "ci-robot", role = "DataScientist" }))
            .Content.ReadFromJsonAsync<CreatedApiKey>();
        using var robot = MlOpsFactory.WithKey(factory.CreateClient(), created!.Key);

        var listing = await admin.GetStringAsync("/api/v1/admin/api-keys");
        var forbidden = await robot.GetAsync("/api/v1/audit");
        await admin.DeleteAsync($"/api/v1/admin/api-keys/{created.Id}");
        var afterRevoke = await robot.GetAsync("/api/v1/audit");

        Assert.DoesNotContain(created.Key, listing);
        Assert.DoesNotContain(created.Key, await StoredApiKeysAsync());
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, afterRevoke.StatusCode);
    }

    [Fact]
    public async Task The_request_id_is_honoured_or_generated_on_every_response()
    {
        using var client = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        request.Headers.Add("X-Request-Id", "caller-id-42");

        var honoured = await client.SendAsync(request);
        var generated = await client.GetAsync("/api/v1/audit");

        Assert.Equal("caller-id-42", honoured.Headers.GetValues("X-Request-Id").Single());
        Assert.False(string.IsNullOrEmpty(generated.Headers.GetValues("X-Request-Id").Single()));
    }

    [Fact]
    public async Task Malformed_json_is_a_400_problem_that_says_so()
    {
        using var admin = factory.CreateAdminClient();

        var response = await admin.PostAsync("/api/v1/admin/api-keys", new StringContent("{\"name\":", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("JSON body is malformed", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_audit_log_refuses_edits_and_deletions()
    {
        using var admin = factory.CreateAdminClient();
        await admin.GetAsync("/api/v1/audit");
        await using var connection = await factory.OpenDatabaseAsync();

        Assert.Contains("append-only", (await Assert.ThrowsAnyAsync<DbException>(() => TestDatabase.ExecuteAsync(connection, "UPDATE platform_audit SET \"Actor\" = 'someone else'"))).Message);
        Assert.Contains("append-only", (await Assert.ThrowsAnyAsync<DbException>(() => TestDatabase.ExecuteAsync(connection, "DELETE FROM platform_audit"))).Message);
    }

    [Fact]
    [OnSqliteOnly("pins SQLite's journal mode")]
    public async Task Each_module_keeps_its_own_migrations_history_table_in_one_wal_database()
    {
        using var admin = factory.CreateAdminClient();
        await admin.GetAsync("/api/v1/audit");
        await using var connection = await factory.OpenDatabaseAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE '%_migrations'";
        var tables = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        command.CommandText = "PRAGMA journal_mode";

        Assert.Contains("platform_migrations", tables);
        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync());
    }

    /// <summary>Every stored column of every API key, as text.</summary>
    private async Task<string> StoredApiKeysAsync()
    {
        await using var connection = await factory.OpenDatabaseAsync();
        await using var select = connection.CreateCommand();
        select.CommandText = "SELECT * FROM platform_api_keys";
        var stored = new StringBuilder();
        await using var reader = await select.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            for (var column = 0; column < reader.FieldCount; column++)
                stored.Append(reader.GetValue(column) is byte[] bytes ? Encoding.Latin1.GetString(bytes) : reader.GetValue(column)).Append('\n');
        return stored.ToString();
    }

    private static async Task<JsonElement> ErrorsOf(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
}
