using System.Net;
using System.Net.Http.Json;
using System.Text;
using MlOps.Modules.Platform.Contracts;
using MlOps.Tests.Support;

namespace MlOps.Tests.Hostile.Auth;

/// <summary>A page on another origin must not be able to write with a signed-in user's cookie.</summary>
public sealed class CookieWriteIntentTests(MlOpsFactory factory) : IClassFixture<MlOpsFactory>
{
    public static TheoryData<string, string?> ForeignOrigins => new()
    {
        { "POST json", null },
        { "POST json", "http://127.0.0.1:5999" },
        { "POST json", "null" },
        { "POST json", "http://localhost.attacker.test" },
        { "POST empty", null },
        { "POST empty", "http://127.0.0.1:5999" },
        { "POST multipart", null },
        { "POST multipart", "https://localhost" },
    };

    [Theory]
    [MemberData(nameof(ForeignOrigins))]
    public async Task A_cookie_write_without_this_apps_origin_or_token_is_refused_and_changes_nothing(string kind, string? origin)
    {
        var (victimId, keyName) = (await NewUserIdAsync(), $"csrf-{Guid.NewGuid():N}");
        using var browser = await factory.CreateSignedInClientAsync(MlOpsFactory.AdminEmail, MlOpsFactory.AdminPassword, proveIntent: false);

        using var request = kind switch
        {
            "POST json" => new HttpRequestMessage(HttpMethod.Post, "/api/v1/admin/api-keys") { Content = JsonContent.Create(new { name = keyName, role = Roles.Admin }) },
            "POST empty" => new HttpRequestMessage(HttpMethod.Post, $"/api/v1/admin/users/{victimId}/disable"),
            _ => new HttpRequestMessage(HttpMethod.Post, "/api/v1/admin/api-keys")
            {
                Content = new MultipartFormDataContent { { new StringContent(keyName), "name" }, { new StringContent(Roles.Admin), "role" } },
            },
        };
        if (origin is not null) request.Headers.Add("Origin", origin);
        var response = await browser.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("GET /api/v1/account/antiforgery", await AuthProblems.DetailOf(response));
        using var admin = factory.CreateAdminClient();
        Assert.DoesNotContain(keyName, await admin.GetStringAsync("/api/v1/admin/api-keys"));
        Assert.False((await admin.GetFromJsonAsync<List<UserSummary>>("/api/v1/admin/users"))!.Single(u => u.Id == victimId).Disabled);
    }

    [Fact]
    public async Task A_forged_or_foreign_antiforgery_token_is_refused()
    {
        using var browser = await factory.CreateSignedInClientAsync(MlOpsFactory.AdminEmail, MlOpsFactory.AdminPassword, proveIntent: false);
        var (email, password) = await factory.CreateUserAsync(Roles.Admin);
        using var other = await factory.CreateSignedInClientAsync(email, password);
        var othersToken = other.DefaultRequestHeaders.GetValues("X-XSRF-TOKEN").Single();

        var statuses = new List<HttpStatusCode>();
        foreach (var token in new[] { "forged", othersToken })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/admin/api-keys") { Content = JsonContent.Create(new { name = "forged", role = Roles.Analyst }) };
            request.Headers.Add("X-XSRF-TOKEN", token);
            statuses.Add((await browser.SendAsync(request)).StatusCode);
        }

        Assert.Equal([HttpStatusCode.Forbidden, HttpStatusCode.Forbidden], statuses);
    }

    [Fact]
    public async Task A_cookie_write_with_this_apps_origin_or_its_token_is_accepted()
    {
        using var withToken = await factory.CreateSignedInClientAsync(MlOpsFactory.AdminEmail, MlOpsFactory.AdminPassword);
        using var withOrigin = await factory.CreateSignedInClientAsync(MlOpsFactory.AdminEmail, MlOpsFactory.AdminPassword, proveIntent: false);
        withOrigin.DefaultRequestHeaders.Add("Origin", "http://localhost");

        var byToken = await withToken.PostAsJsonAsync("/api/v1/admin/api-keys", new { name = "by-token", role = Roles.Analyst });
        var byOrigin = await withOrigin.PostAsJsonAsync("/api/v1/admin/api-keys", new { name = "by-origin", role = Roles.Analyst });

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (byToken.StatusCode, byOrigin.StatusCode));
    }

    [Fact]
    public async Task Reads_with_the_cookie_and_writes_with_an_api_key_need_no_proof_of_intent()
    {
        using var browser = await factory.CreateSignedInClientAsync(MlOpsFactory.AdminEmail, MlOpsFactory.AdminPassword, proveIntent: false);
        using var keyed = factory.CreateAdminClient();
        keyed.DefaultRequestHeaders.Add("Origin", "http://127.0.0.1:5999");

        var read = await browser.GetAsync("/api/v1/admin/users");
        var write = await keyed.PostAsJsonAsync("/api/v1/admin/api-keys", new { name = "keyed-write", role = Roles.Analyst });

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.Created), (read.StatusCode, write.StatusCode));
    }

    private async Task<string> NewUserIdAsync()
    {
        var (email, _) = await factory.CreateUserAsync(Roles.Analyst);
        using var admin = factory.CreateAdminClient();
        return (await admin.GetFromJsonAsync<List<UserSummary>>("/api/v1/admin/users"))!.Single(u => u.Email == email).Id;
    }
}
