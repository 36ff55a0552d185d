using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using MlOps.Tests.Support;

namespace MlOps.Tests.Platform;

public sealed class SignInTests(MlOpsFactory factory) : IClassFixture<MlOpsFactory>
{
    private HttpClient Browser() => factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    [Fact]
    public async Task Correct_password_sets_the_auth_cookie_and_opens_the_dashboard()
    {
        using var browser = Browser();

        var response = await LoginForm.PostAsync(browser, MlOpsFactory.AdminEmail, MlOpsFactory.AdminPassword);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location?.OriginalString);
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("mlops.auth=", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task Wrong_password_returns_to_the_login_page_with_a_message()
    {
        using var browser = Browser();

        var response = await LoginForm.PostAsync(browser, MlOpsFactory.AdminEmail, "wrong");

        Assert.StartsWith("/login?error=invalid", response.Headers.Location?.OriginalString);
        var page = await browser.GetStringAsync(response.Headers.Location);
        Assert.Contains("Incorrect email or password.", page);
    }

    [Fact]
    public async Task A_post_without_the_antiforgery_token_is_refused()
    {
        using var browser = Browser();

        var response = await LoginForm.PostAsync(browser, MlOpsFactory.AdminEmail, MlOpsFactory.AdminPassword, includeToken: false);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account()
    {
        using var admin = factory.CreateAdminClient();
        await admin.PostAsJsonAsync("/api/v1/admin/users", new { email = "locky@mlops.test", password = "Locky-Pass-1!", role = "Analyst" });
        using var browser = Browser();

        for (var attempt = 0; attempt < 5; attempt++) await LoginForm.PostAsync(browser, "locky@mlops.test", "wrong");
        var response = await LoginForm.PostAsync(browser, "locky@mlops.test", "Locky-Pass-1!");

        Assert.StartsWith("/login?error=locked", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Protected_pages_redirect_to_login_and_api_routes_answer_401()
    {
        using var browser = Browser();

        var page = await browser.GetAsync("/admin/users");
        var api = await browser.GetAsync("/api/v1/admin/users");

        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("http://localhost/login", page.Headers.Location?.ToString());
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
    }
}

public sealed class LoginRateLimitTests : IClassFixture<LoginRateLimitTests.StrictFactory>
{
    private readonly StrictFactory _factory;

    public LoginRateLimitTests(StrictFactory factory) => _factory = factory;

    [Fact]
    public async Task Too_many_sign_in_attempts_are_answered_429()
    {
        using var browser = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

        var statuses = new List<HttpStatusCode>();
        for (var attempt = 0; attempt < 4; attempt++) statuses.Add((await LoginForm.PostAsync(browser, "nobody@mlops.test", "x")).StatusCode);

        Assert.Equal([HttpStatusCode.Redirect, HttpStatusCode.Redirect, HttpStatusCode.Redirect, HttpStatusCode.TooManyRequests], statuses);
    }

    public sealed class StrictFactory : MlOpsFactory
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Platform:Login:PermitsPerMinute"] = "3" };
    }
}
