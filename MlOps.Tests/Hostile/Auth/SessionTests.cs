using System.Net;
using System.Net.Http.Json;
using MlOps.Modules.Platform.Contracts;
using MlOps.Tests.Support;

namespace MlOps.Tests.Hostile.Auth;

/// <summary>Sessions and keys follow the account: a change to it applies on the very next request.</summary>
public sealed class SessionTests(MlOpsFactory factory) : IClassFixture<MlOpsFactory>
{
    [Fact]
    public async Task Disabling_a_user_ends_their_cookie_session_and_their_keys_on_the_next_request()
    {
        var person = await SignedInAdminWithKeyAsync();
        await AssertWorksAsync(person);

        await Administer($"/api/v1/admin/users/{person.Id}/disable", null);

        await AssertSignedOutAsync(person);
    }

    [Fact]
    public async Task Resetting_a_users_password_ends_their_sessions_and_the_new_password_signs_in()
    {
        var person = await SignedInAdminWithKeyAsync();
        await AssertWorksAsync(person);

        await Administer($"/api/v1/admin/users/{person.Id}/password", new { newPassword = "Fresh-Pass-2!" });

        Assert.Equal(HttpStatusCode.Unauthorized, (await person.Cookie.GetAsync("/api/v1/admin/users")).StatusCode);
        using var again = await factory.CreateSignedInClientAsync(person.Email, "Fresh-Pass-2!");
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("/api/v1/admin/users")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await person.Key.GetAsync("/api/v1/admin/users")).StatusCode);
    }

    [Fact]
    public async Task Demoting_a_user_ends_their_session_and_their_admin_key_acts_with_the_new_role_at_once()
    {
        var person = await SignedInAdminWithKeyAsync();
        await AssertWorksAsync(person);

        await Administer($"/api/v1/admin/users/{person.Id}/role", new { role = Roles.Analyst }, put: true);

        Assert.Equal(HttpStatusCode.Unauthorized, (await person.Cookie.GetAsync("/api/v1/admin/users")).StatusCode);
        var asAdmin = await person.Key.GetAsync("/api/v1/admin/users");
        Assert.Equal(HttpStatusCode.Forbidden, asAdmin.StatusCode);
        Assert.Contains("Your role (Analyst)", await AuthProblems.DetailOf(asAdmin));
        Assert.Equal(HttpStatusCode.OK, (await person.Key.GetAsync("/api/v1/models")).StatusCode);
    }

    [Fact]
    public async Task Changing_your_own_password_keeps_this_session_and_ends_the_others()
    {
        var person = await SignedInAdminWithKeyAsync();
        using var otherDevice = await factory.CreateSignedInClientAsync(person.Email, person.Password);

        var changed = await person.Cookie.PostAsJsonAsync("/api/v1/account/password", new { currentPassword = person.Password, newPassword = "Changed-Pass-3!" });

        Assert.Equal(HttpStatusCode.NoContent, changed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await person.Cookie.GetAsync("/api/v1/admin/users")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await otherDevice.GetAsync("/api/v1/admin/users")).StatusCode);
        using var withNew = await factory.CreateSignedInClientAsync(person.Email, "Changed-Pass-3!");
        Assert.Equal(HttpStatusCode.OK, (await withNew.GetAsync("/api/v1/admin/users")).StatusCode);
    }

    private sealed record Person(string Id, string Email, string Password, HttpClient Cookie, HttpClient Key);

    private async Task<Person> SignedInAdminWithKeyAsync()
    {
        var (email, password) = await factory.CreateUserAsync(Roles.Admin);
        var cookie = await factory.CreateSignedInClientAsync(email, password);
        var key = MlOpsFactory.WithKey(factory.CreateClient(), (await MlOpsFactory.CreateKeyAsync(cookie, "own", Roles.Admin)).Key);
        using var admin = factory.CreateAdminClient();
        var id = (await admin.GetFromJsonAsync<List<UserSummary>>("/api/v1/admin/users"))!.Single(u => u.Email == email).Id;
        return new Person(id, email, password, cookie, key);
    }

    private static async Task AssertWorksAsync(Person person)
    {
        Assert.Equal(HttpStatusCode.OK, (await person.Cookie.GetAsync("/api/v1/admin/users")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await person.Key.GetAsync("/api/v1/admin/users")).StatusCode);
    }

    private static async Task AssertSignedOutAsync(Person person)
    {
        var cookie = await person.Cookie.GetAsync("/api/v1/admin/users");
        var key = await person.Key.GetAsync("/api/v1/admin/users");
        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized), (cookie.StatusCode, key.StatusCode));
        Assert.Contains("Sign in at /login", await AuthProblems.DetailOf(cookie));
        Assert.Contains("owner's account is disabled", await AuthProblems.DetailOf(key));
    }

    private async Task Administer(string path, object? body, bool put = false)
    {
        using var admin = factory.CreateAdminClient();
        var response = put ? await admin.PutAsJsonAsync(path, body) : await admin.PostAsJsonAsync(path, body);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}
