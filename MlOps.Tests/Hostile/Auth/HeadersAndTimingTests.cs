using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using MlOps.Modules.Platform.Contracts;
using MlOps.Tests.Support;

namespace MlOps.Tests.Hostile.Auth;

public sealed class HeadersAndTimingTests(MlOpsFactory factory) : IClassFixture<MlOpsFactory>
{
    [Theory]
    [InlineData("/login")]
    [InlineData("/api/v1/models")]
    [InlineData("/health/live")]
    public async Task Responses_carry_a_script_restricting_content_security_policy_nosniff_and_a_referrer_policy(string path)
    {
        var response = await factory.CreateClient().GetAsync(path);

        var policy = ScriptPolicyOf(response);
        Assert.Matches("script-src 'self' 'nonce-[^']+';", policy);
        Assert.Contains("frame-ancestors 'none'", policy);
        Assert.DoesNotContain("unsafe-eval", policy);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("same-origin", response.Headers.GetValues("Referrer-Policy").Single());
    }

    [Fact]
    public async Task The_login_page_import_map_carries_the_policys_nonce()
    {
        var response = await factory.CreateClient().GetAsync("/login");

        var nonce = System.Text.RegularExpressions.Regex.Match(ScriptPolicyOf(response), "'nonce-([^']+)'").Groups[1].Value;
        var importMap = System.Text.RegularExpressions.Regex.Match(await response.Content.ReadAsStringAsync(), "<script[^>]*importmap[^>]*>").Value;
        Assert.Contains($"nonce=\"{nonce}\"", importMap);
    }

    [Fact]
    public async Task The_auth_cookie_is_secure_when_served_over_https()
    {
        using var https = factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false, HandleCookies = true });

        var response = await LoginForm.PostAsync(https, MlOpsFactory.AdminEmail, MlOpsFactory.AdminPassword);

        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("mlops.auth=", StringComparison.Ordinal));
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Sign_in_answers_an_unknown_email_only_after_checking_a_password_hash()
    {
        using var browser = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        await LoginForm.PostAsync(browser, "warm-up@mlops.test", "x");
        var hasher = factory.Services.GetRequiredService<IPasswordHasher<IdentityUser>>();
        var user = new IdentityUser("someone@mlops.test");
        var hash = hasher.HashPassword(user, "Right-Pass-1!");

        // A wrong password costs one hash check (plus a counter update); an unknown email must cost no less than that check.
        // Timed in turns with the check itself, so a busy machine slows both alike.
        var unknownEmail = new List<double>();
        var hashCheck = new List<double>();
        for (var attempt = 0; attempt < 5; attempt++)
        {
            unknownEmail.Add(await TimeAsync(() => LoginForm.PostAsync(browser, $"nobody-{attempt}@mlops.test", "Wrong-Pass-1!")));
            var watch = Stopwatch.StartNew();
            await Task.Run(() => hasher.VerifyHashedPassword(user, hash, "Wrong-Pass-1!"));
            hashCheck.Add(watch.Elapsed.TotalMilliseconds);
        }

        Assert.True(Median(unknownEmail) >= Median(hashCheck) * 0.5,
            $"unknown email {Median(unknownEmail):F1} ms vs one hash check {Median(hashCheck):F1} ms");
    }

    public static TheoryData<string, string?, string> Refusals => new()
    {
        { "/api/v1/audit", null, "Sign in at /login" },
        { "/api/v1/audit", "mlops_deadbeef_not-a-real-key", "unknown, revoked" },
        { "/api/v1/admin/users", null, "Sign in at /login" },
        { "/api/v1/admin/users", "revoked", "unknown, revoked" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task A_401_says_how_to_authenticate(string path, string? key, string expected)
    {
        using var client = factory.CreateClient();
        if (key == "revoked") key = await RevokedKeyAsync();
        if (key is not null) client.DefaultRequestHeaders.Add("X-Api-Key", key);

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var detail = await AuthProblems.DetailOf(response);
        Assert.Contains(expected, detail);
        Assert.Contains("X-Api-Key", detail);
    }

    [Fact]
    public async Task A_403_names_the_callers_role_and_what_to_ask_for()
    {
        using var analystKey = await factory.CreateClientWithRoleAsync(Roles.Analyst);
        var (email, password) = await factory.CreateUserAsync(Roles.Analyst);
        using var analystCookie = await factory.CreateSignedInClientAsync(email, password);

        var byKey = await analystKey.GetAsync("/api/v1/audit");
        var byCookie = await analystCookie.GetAsync("/api/v1/audit");

        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden), (byKey.StatusCode, byCookie.StatusCode));
        Assert.Contains("Your role (Analyst) may not do this. Ask an Admin", await AuthProblems.DetailOf(byKey));
        Assert.Contains("Your role (Analyst) may not do this. Ask an Admin", await AuthProblems.DetailOf(byCookie));
    }

    private async Task<string> RevokedKeyAsync()
    {
        using var admin = factory.CreateAdminClient();
        var created = await MlOpsFactory.CreateKeyAsync(admin, $"revoked-{Guid.NewGuid():N}", Roles.Analyst);
        await admin.DeleteAsync($"/api/v1/admin/api-keys/{created.Id}");
        return created.Key;
    }

    /// <summary>Interactive pages also carry Blazor's own frame-ancestors policy; browsers enforce both.</summary>
    private static string ScriptPolicyOf(HttpResponseMessage response) =>
        response.Headers.GetValues("Content-Security-Policy").Single(p => p.Contains("script-src", StringComparison.Ordinal));

    private static async Task<double> TimeAsync(Func<Task<HttpResponseMessage>> signIn)
    {
        var watch = Stopwatch.StartNew();
        var response = await signIn();
        Assert.StartsWith("/login?error=invalid", response.Headers.Location?.OriginalString);
        return watch.Elapsed.TotalMilliseconds;
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
}
