using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using MlOps.Modules.Platform.Contracts;
using MlOps.Tests.Support;

namespace MlOps.Tests.Browser;

/// <summary>
/// A page served from another port of the same loopback host is same-site to the app, so Chromium sends it the
/// SameSite=Lax sign-in cookie; the app must still refuse its writes.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class CsrfBrowserTests(BrowserAppFixture app)
{
    [BrowserFact]
    public async Task A_page_on_another_loopback_port_cannot_write_with_the_signed_in_cookie_but_the_apps_own_page_can()
    {
        var victims = new List<string>();
        for (var i = 0; i < 3; i++) victims.Add(await NewAnalystIdAsync());
        await using var attacker = await StartAttackerSiteAsync(AttackPage(app.BaseUrl, victims));
        var page = await app.SignedInPageAsync();
        var answers = new ConcurrentQueue<int>();
        page.Response += (_, response) => { if (response.Url.Contains("/disable", StringComparison.Ordinal)) answers.Enqueue(response.Status); };

        await page.GotoAsync(attacker.Urls.Single());
        await page.WaitForFunctionAsync("() => document.title === 'sent'");
        var refused = await Poll.UntilAsync(() => Task.FromResult(answers.ToArray()), a => a.Length == 3, TimeSpan.FromSeconds(15),
            a => $"answers seen: {string.Join(", ", a)}");

        Assert.All(refused, status => Assert.Equal(StatusCodes.Status403Forbidden, status));
        Assert.All(await DisabledAsync(victims), Assert.False);

        await page.GotoAsync("/admin/users");
        var ownPageStatus = await page.EvaluateAsync<int>("async id => (await fetch(`/api/v1/admin/users/${id}/disable`, { method: 'POST' })).status", victims[0]);

        Assert.Equal(StatusCodes.Status200OK, ownPageStatus);
        Assert.True((await DisabledAsync(victims))[0]);
    }

    /// <summary>Three cookie writes a hostile page can make without script access to the answers: fetch with a body, an empty fetch, a multipart form.</summary>
    private static string AttackPage(string appUrl, IReadOnlyList<string> victims) => $$"""
        <!DOCTYPE html>
        <html><head><title>loading</title></head><body>
        <iframe name="sink"></iframe>
        <form id="form" method="post" enctype="multipart/form-data" target="sink" action="{{appUrl}}/api/v1/admin/users/{{victims[2]}}/disable">
          <input name="reason" value="csrf">
        </form>
        <script>
        (async () => {
          await fetch('{{appUrl}}/api/v1/admin/users/{{victims[0]}}/disable',
            { method: 'POST', mode: 'no-cors', credentials: 'include', headers: { 'Content-Type': 'text/plain' }, body: '{}' });
          await fetch('{{appUrl}}/api/v1/admin/users/{{victims[1]}}/disable', { method: 'POST', mode: 'no-cors', credentials: 'include' });
          document.getElementById('form').submit();
          document.title = 'sent';
        })();
        </script>
        </body></html>
        """;

    private static async Task<WebApplication> StartAttackerSiteAsync(string html)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        var site = builder.Build();
        site.MapGet("/", () => Results.Content(html, "text/html"));
        await site.StartAsync();
        return site;
    }

    private async Task<string> NewAnalystIdAsync()
    {
        var (email, _) = await app.App.CreateUserAsync(Roles.Analyst);
        using var admin = app.App.CreateAdminClient();
        return (await admin.GetFromJsonAsync<List<UserSummary>>("/api/v1/admin/users"))!.Single(u => u.Email == email).Id;
    }

    private async Task<bool[]> DisabledAsync(IReadOnlyList<string> ids)
    {
        using var admin = app.App.CreateAdminClient();
        var users = (await admin.GetFromJsonAsync<List<UserSummary>>("/api/v1/admin/users"))!;
        return [.. ids.Select(id => users.Single(u => u.Id == id).Disabled)];
    }
}
