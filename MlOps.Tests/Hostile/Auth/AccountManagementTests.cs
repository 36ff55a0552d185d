using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MlOps.Modules.Platform.Contracts;
using MlOps.Tests.Support;

namespace MlOps.Tests.Hostile.Auth;

public sealed class AccountManagementTests(MlOpsFactory factory) : IClassFixture<MlOpsFactory>
{
    [Fact]
    public async Task Nobody_can_disable_or_demote_themselves_whichever_credential_they_use()
    {
        var (email, password) = await factory.CreateUserAsync(Roles.Admin);
        using var cookie = await factory.CreateSignedInClientAsync(email, password);
        using var key = MlOpsFactory.WithKey(factory.CreateClient(), (await MlOpsFactory.CreateKeyAsync(cookie, "own", Roles.Admin)).Key);
        var id = await IdOfAsync(email);

        var attempts = new[]
        {
            await cookie.PostAsync($"/api/v1/admin/users/{id}/disable", null),
            await key.PostAsync($"/api/v1/admin/users/{id}/disable", null),
            await cookie.PutAsJsonAsync($"/api/v1/admin/users/{id}/role", new { role = Roles.DataScientist }),
            await key.PutAsJsonAsync($"/api/v1/admin/users/{id}/role", new { role = Roles.Analyst }),
        };

        Assert.All(attempts, a => Assert.Equal(HttpStatusCode.Conflict, a.StatusCode));
        Assert.Contains("cannot disable your own account", await AuthProblems.DetailOf(attempts[0]));
        Assert.Contains("cannot take the Admin role from yourself", await AuthProblems.DetailOf(attempts[2]));
        var stored = (await factory.CreateAdminClient().GetFromJsonAsync<List<UserSummary>>("/api/v1/admin/users"))!.Single(u => u.Id == id);
        Assert.Equal((false, Roles.Admin), (stored.Disabled, stored.Role));
    }

    [Fact]
    public async Task The_last_active_admin_cannot_be_disabled_or_demoted()
    {
        await using var lonely = new MlOpsFactory();
        using var service = await ServiceKeys.CreateAsync(lonely, Roles.Admin);
        var adminId = (await service.GetFromJsonAsync<List<UserSummary>>("/api/v1/admin/users"))!.Single().Id;

        var disable = await service.PostAsync($"/api/v1/admin/users/{adminId}/disable", null);
        var demote = await service.PutAsJsonAsync($"/api/v1/admin/users/{adminId}/role", new { role = Roles.Analyst });

        Assert.Equal((HttpStatusCode.Conflict, HttpStatusCode.Conflict), (disable.StatusCode, demote.StatusCode));
        Assert.Contains("last active Admin", await AuthProblems.DetailOf(disable));
        Assert.Contains("last active Admin", await AuthProblems.DetailOf(demote));
    }

    [Fact]
    public async Task Changing_your_password_needs_the_current_one_and_a_strong_new_one_and_is_audited()
    {
        var (email, password) = await factory.CreateUserAsync(Roles.Analyst);
        using var cookie = await factory.CreateSignedInClientAsync(email, password);

        var wrongCurrent = await cookie.PostAsJsonAsync("/api/v1/account/password", new { currentPassword = "Not-It-1!", newPassword = "Another-Pass-9!" });
        var weak = await cookie.PostAsJsonAsync("/api/v1/account/password", new { currentPassword = password, newPassword = "weakweakweak" });
        var changed = await cookie.PostAsJsonAsync("/api/v1/account/password", new { currentPassword = password, newPassword = "Another-Pass-9!" });

        Assert.Equal(HttpStatusCode.BadRequest, wrongCurrent.StatusCode);
        Assert.True((await ErrorsOf(wrongCurrent)).TryGetProperty("currentPassword", out _));
        Assert.Equal(HttpStatusCode.BadRequest, weak.StatusCode);
        Assert.True((await ErrorsOf(weak)).TryGetProperty("newPassword", out _));
        Assert.Equal(HttpStatusCode.NoContent, changed.StatusCode);
        var audit = await factory.CreateAdminClient().GetFromJsonAsync<Paged<AuditEntry>>($"/api/v1/audit?entityType=user&entityId={await IdOfAsync(email)}");
        Assert.Contains(audit!.Items, e => e.Action == "user.password-changed" && e.Actor == email);
    }

    [Fact]
    public async Task Only_an_admin_resets_another_users_password_never_their_own_and_it_is_audited()
    {
        var (email, _) = await factory.CreateUserAsync(Roles.DataScientist);
        var id = await IdOfAsync(email);
        using var scientist = await factory.CreateClientWithRoleAsync(Roles.DataScientist);
        using var admin = factory.CreateAdminClient();
        var adminId = await IdOfAsync(MlOpsFactory.AdminEmail);

        var byScientist = await scientist.PostAsJsonAsync($"/api/v1/admin/users/{id}/password", new { newPassword = "Reset-Pass-4!" });
        var ownByAdmin = await admin.PostAsJsonAsync($"/api/v1/admin/users/{adminId}/password", new { newPassword = "Reset-Pass-4!" });
        var unknown = await admin.PostAsJsonAsync("/api/v1/admin/users/no-such-user/password", new { newPassword = "Reset-Pass-4!" });
        var reset = await admin.PostAsJsonAsync($"/api/v1/admin/users/{id}/password", new { newPassword = "Reset-Pass-4!" });

        Assert.Equal(HttpStatusCode.Forbidden, byScientist.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, ownByAdmin.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
        using var signedIn = await factory.CreateSignedInClientAsync(email, "Reset-Pass-4!");
        var audit = await admin.GetFromJsonAsync<Paged<AuditEntry>>($"/api/v1/audit?entityType=user&entityId={id}");
        Assert.Contains(audit!.Items, e => e.Action == "user.password-reset" && e.Actor == MlOpsFactory.BootstrapActor);
    }

    private async Task<string> IdOfAsync(string email) =>
        (await factory.CreateAdminClient().GetFromJsonAsync<List<UserSummary>>("/api/v1/admin/users"))!.Single(u => u.Email == email).Id;

    private static async Task<JsonElement> ErrorsOf(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
}
