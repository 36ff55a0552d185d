using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using MlOps.Modules.Platform.Contracts;
using MlOps.Tests.Support;

namespace MlOps.Tests.Mlflow;

public sealed class MlflowAuthenticationTests(MlOpsFactory app) : IClassFixture<MlOpsFactory>
{
    [Fact]
    public async Task Every_mlflow_route_answers_401_unauthenticated_without_credentials()
    {
        using var anonymous = new MlflowWire(app.CreateClient());

        var failures = new List<string>();
        foreach (var (method, url) in MlflowRoutes(_ => true))
        {
            var answer = await SendAsync(anonymous, method, url);
            if (answer.Status != HttpStatusCode.Unauthorized || answer.Body.GetProperty("error_code").GetString() != "UNAUTHENTICATED")
                failures.Add($"{method} {url} -> {(int)answer.Status} {answer.Body}");
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public async Task Every_mlflow_write_answers_403_permission_denied_to_an_analyst_who_can_still_read()
    {
        using var analyst = await MlflowWire.WithRoleAsync(app, Roles.Analyst);
        var writes = MlflowRoutes(IsWrite).ToList();

        var failures = new List<string>();
        foreach (var (method, url) in writes)
        {
            var answer = await SendAsync(analyst, method, url);
            if (answer.Status != HttpStatusCode.Forbidden || answer.Body.GetProperty("error_code").GetString() != "PERMISSION_DENIED")
                failures.Add($"{method} {url} -> {(int)answer.Status} {answer.Body}");
        }

        Assert.True(writes.Count >= 15, $"Only {writes.Count} MLflow routes require the write policy.");
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
        (await analyst.PostAsync("experiments/search", new { max_results = 10 })).Ok();
        (await analyst.GetAsync("experiments/get", ("experiment_id", "0"))).Ok();
    }

    [Fact]
    public async Task Basic_credentials_are_an_mlops_users_email_and_password()
    {
        var email = await CreateUserAsync(Roles.DataScientist, "Scientist-Pass-1!");
        using var mlflow = MlflowWire.WithPassword(app, email, "Scientist-Pass-1!");

        var created = (await mlflow.PostAsync("experiments/create", new { name = $"basic-{Guid.NewGuid():N}" })).Ok();

        using var admin = app.CreateAdminClient();
        var audit = await admin.GetFromJsonAsync<Paged<AuditEntry>>($"/api/v1/audit?entityType=experiment&entityId={created.Text("experiment_id")}");
        var entry = Assert.Single(audit!.Items);
        Assert.Equal((email, "experiment.created"), (entry.Actor, entry.Action));
    }

    [Fact]
    public async Task Wrong_passwords_lock_the_account_out_as_on_the_sign_in_page()
    {
        var email = await CreateUserAsync(Roles.DataScientist, "Right-Pass-123!");
        using var wrong = MlflowWire.WithPassword(app, email, "wrong-password");
        using var right = MlflowWire.WithPassword(app, email, "Right-Pass-123!");

        for (var attempt = 0; attempt < 5; attempt++)
            (await wrong.GetAsync("experiments/get", ("experiment_id", "0"))).Error(HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
        var afterLockout = await right.GetAsync("experiments/get", ("experiment_id", "0"));

        afterLockout.Error(HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
    }

    [Fact]
    public async Task An_unknown_bearer_token_is_401_and_an_mlflow_write_is_audited_under_the_keys_name()
    {
        using var unknown = MlflowWire.WithToken(app, "mlops_deadbeef_not-a-real-key");
        using var scientist = await MlflowWire.WithRoleAsync(app, Roles.DataScientist);

        (await unknown.GetAsync("experiments/get", ("experiment_id", "0"))).Error(HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
        var (_, runId, _) = await MlflowScenario.StartRunAsync(scientist);
        (await scientist.PostAsync("runs/set-tag", new { run_id = runId, key = "k", value = "v" })).Ok();

        using var admin = app.CreateAdminClient();
        var audit = await admin.GetFromJsonAsync<Paged<AuditEntry>>($"/api/v1/audit?entityType=run&entityId={runId}");
        Assert.Contains(audit!.Items, e => e.Action == "run.logged" && e.Actor.Contains("(key mlflow-DataScientist", StringComparison.Ordinal));
    }

    private async Task<string> CreateUserAsync(string role, string password)
    {
        var email = $"u{Guid.NewGuid():N}@mlops.test";
        using var admin = app.CreateAdminClient();
        (await admin.PostAsJsonAsync("/api/v1/admin/users", new { email, password, role })).EnsureSuccessStatusCode();
        return email;
    }

    private static bool IsWrite(RouteEndpoint endpoint) =>
        endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(a => a.Policy == Policies.Write);

    private IEnumerable<(string Method, string Url)> MlflowRoutes(Func<RouteEndpoint, bool> which) =>
        app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.StartsWith("/api/2.0/", StringComparison.Ordinal) && which(e))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(method => (method, e.RoutePattern.RawText!.Replace("{*path}", "1/1/artifacts/x", StringComparison.Ordinal))));

    private static async Task<Answer> SendAsync(MlflowWire wire, string method, string url)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (method != "GET") request.Content = JsonContent.Create(new { name = "x", run_id = "1" });
        var response = await wire.Http.SendAsync(request);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return new Answer(response.StatusCode, await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>());
    }
}
