using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using MlOps.Modules.Platform.Contracts;
using MlOps.Modules.Registry.Contracts;
using MlOps.Tests.Support;

namespace MlOps.Tests.Registry;

public sealed class RegistryApiTests(RegistryFactory factory) : IClassFixture<RegistryFactory>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    [Fact]
    public async Task Register_request_approve_moves_production_notifies_listeners_and_is_audited()
    {
        var name = NewModelName();
        await factory.RegisterAsync(name, accuracy: 0.91);
        await factory.RegisterAsync(name, accuracy: 0.95);
        using var scientist = await factory.CreateClientWithRoleAsync(Roles.DataScientist);
        using var admin = factory.CreateAdminClient();

        var requested = await scientist.PostAsJsonAsync($"/api/v1/models/{name}/promotions", new { version = 2, alias = "production", reason = "Better accuracy" });
        var request = await ReadAsync<PromotionRequest>(requested);
        var approved = await admin.PostAsJsonAsync($"/api/v1/promotions/{request.Id}/approve", new { comment = "Looks good" });

        Assert.Equal(HttpStatusCode.Created, requested.StatusCode);
        Assert.Equal($"/api/v1/promotions/{request.Id}", requested.Headers.Location?.OriginalString);
        Assert.Equal(PromotionStatus.Pending, request.Status);
        Assert.Contains(" (key DataScientist-", request.RequestedBy);
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        var decided = await ReadAsync<PromotionRequest>(approved);
        Assert.Equal((PromotionStatus.Approved, MlOpsFactory.BootstrapActor, "Looks good"), (decided.Status, decided.DecidedBy, decided.Comment));
        var model = await admin.GetFromJsonAsync<ModelSummary>($"/api/v1/models/{name}", Json);
        Assert.Equal(2, model!.Aliases["production"]);
        Assert.Equal(2, model.LatestVersion);
        Assert.Contains(factory.Promoted, p => p.Name == name && p.Version == 2 && p.PreviousVersion is null && p.PromotionId == request.Id);
        var promotionAudit = await admin.GetFromJsonAsync<Paged<AuditEntry>>($"/api/v1/audit?entityType=promotion&entityId={request.Id}", Json);
        Assert.Equal(["promotion.approved", "promotion.requested"], promotionAudit!.Items.Select(e => e.Action));
        var modelAudit = await admin.GetFromJsonAsync<Paged<AuditEntry>>($"/api/v1/audit?entityType=model&entityId={name}", Json);
        Assert.Equal(["model.promoted", "model.version-registered", "model.version-registered", "model.created"], modelAudit!.Items.Select(e => e.Action));
    }

    [Fact]
    public async Task A_version_carries_its_lineage_and_the_schema_read_from_the_model()
    {
        var name = NewModelName();
        await factory.RegisterAsync(name, accuracy: 0.9);
        using var analyst = await factory.CreateClientWithRoleAsync(Roles.Analyst);

        var version = await analyst.GetFromJsonAsync<JsonElement>($"/api/v1/models/{name}/versions/1");

        Assert.Equal("iris", version.GetProperty("dataset").GetProperty("name").GetString());
        Assert.Equal("pipeline-run-1", version.GetProperty("pipelineRunId").GetString());
        Assert.StartsWith("run-", version.GetProperty("runId").GetString());
        Assert.Equal(0.9, version.GetProperty("metrics").GetProperty("accuracy").GetDouble());
        Assert.Equal(["setosa", "versicolor", "virginica"], version.GetProperty("labels").EnumerateArray().Select(l => l.GetString()));
        Assert.Equal(IrisModel.Bytes.Length, version.GetProperty("artifact").GetProperty("size").GetInt64());
        Assert.Equal(64, version.GetProperty("artifact").GetProperty("sha256").GetString()!.Length);
        var schema = version.GetProperty("inputSchema").EnumerateArray().Select(c => (c.GetProperty("name").GetString(), c.GetProperty("type").GetString())).ToList();
        Assert.Contains(("SepalLength", "Single"), schema);
        Assert.Contains(("Species", "String"), schema);
    }

    [Fact]
    public async Task Promotion_by_its_requester_is_forbidden()
    {
        var name = NewModelName();
        await factory.RegisterAsync(name);
        using var admin = await factory.CreateClientWithRoleAsync(Roles.Admin);
        var request = await ReadAsync<PromotionRequest>(await admin.PostAsJsonAsync($"/api/v1/models/{name}/promotions", new { version = 1, reason = "Ship it" }));

        var approve = await admin.PostAsJsonAsync($"/api/v1/promotions/{request.Id}/approve", new { });
        var reject = await admin.PostAsJsonAsync($"/api/v1/promotions/{request.Id}/reject", new { comment = "Changed my mind" });

        Assert.Equal(HttpStatusCode.Forbidden, approve.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, reject.StatusCode);
        Assert.Equal(PromotionStatus.Pending, (await admin.GetFromJsonAsync<PromotionRequest>($"/api/v1/promotions/{request.Id}", Json))!.Status);
    }

    [Fact]
    public async Task An_analyst_cannot_request_a_promotion_and_a_data_scientist_cannot_approve()
    {
        var name = NewModelName();
        await factory.RegisterAsync(name);
        using var analyst = await factory.CreateClientWithRoleAsync(Roles.Analyst);
        using var scientist = await factory.CreateClientWithRoleAsync(Roles.DataScientist);
        using var admin = factory.CreateAdminClient();
        var request = await ReadAsync<PromotionRequest>(await admin.PostAsJsonAsync($"/api/v1/models/{name}/promotions", new { version = 1, reason = "Ship it" }));

        var analystRequest = await analyst.PostAsJsonAsync($"/api/v1/models/{name}/promotions", new { version = 1, reason = "Please" });
        var analystAlias = await analyst.PutAsJsonAsync($"/api/v1/models/{name}/aliases/staging", new { version = 1 });
        var scientistApproval = await scientist.PostAsJsonAsync($"/api/v1/promotions/{request.Id}/approve", new { });

        Assert.Equal(HttpStatusCode.Forbidden, analystRequest.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, analystAlias.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, scientistApproval.StatusCode);
    }

    [Fact]
    public async Task Unknown_models_versions_and_promotions_are_404()
    {
        var name = NewModelName();
        await factory.RegisterAsync(name);
        using var admin = factory.CreateAdminClient();

        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/v1/models/{name}/versions/9")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/v1/models/no-such-model")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/v1/models/no-such-model/versions")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsJsonAsync($"/api/v1/models/{name}/promotions", new { version = 9, reason = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PutAsJsonAsync($"/api/v1/models/{name}/aliases/staging", new { version = 9 })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsJsonAsync("/api/v1/promotions/missing/approve", new { })).StatusCode);
    }

    [Fact]
    public async Task Malformed_queries_and_bodies_are_400_naming_the_problem()
    {
        var name = NewModelName();
        await factory.RegisterAsync(name);
        using var admin = factory.CreateAdminClient();

        var badStatus = await admin.GetAsync("/api/v1/promotions?status=Maybe");
        var badPage = await admin.GetAsync("/api/v1/models?pageSize=501");
        var noReason = await admin.PostAsJsonAsync($"/api/v1/models/{name}/promotions", new { version = 1, reason = "" });
        var otherAlias = await admin.PostAsJsonAsync($"/api/v1/models/{name}/promotions", new { version = 1, alias = "staging", reason = "x" });

        Assert.Equal(HttpStatusCode.BadRequest, badStatus.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badPage.StatusCode);
        Assert.True((await noReason.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("reason", out _));
        Assert.True((await otherAlias.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("alias", out _));
    }

    [Fact]
    public async Task Production_cannot_be_set_directly_but_other_aliases_can()
    {
        var name = NewModelName();
        await factory.RegisterAsync(name);
        await factory.RegisterAsync(name);
        using var scientist = await factory.CreateClientWithRoleAsync(Roles.DataScientist);

        var production = await scientist.PutAsJsonAsync($"/api/v1/models/{name}/aliases/production", new { version = 1 });
        var staging = await scientist.PutAsJsonAsync($"/api/v1/models/{name}/aliases/staging", new { version = 2 });
        var invalid = await scientist.PutAsJsonAsync($"/api/v1/models/{name}/aliases/Bad_Alias", new { version = 2 });

        Assert.Equal(HttpStatusCode.Conflict, production.StatusCode);
        Assert.Contains($"POST /api/v1/models/{name}/promotions", (await production.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.OK, staging.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var model = await scientist.GetFromJsonAsync<ModelSummary>($"/api/v1/models/{name}", Json);
        Assert.Equal(new Dictionary<string, int> { ["staging"] = 2 }, model!.Aliases);
        var staged = await factory.WithRegistryAsync(r => r.GetVersionAsync(name, ModelSelector.ForAlias("staging"), CancellationToken.None));
        Assert.Equal(2, staged!.Version);
        Assert.Contains(factory.Promoted, p => p.Name == name && p.Alias == "staging" && p.Version == 2 && p.PromotionId is null);
        Assert.DoesNotContain(factory.Promoted, p => p.Name == name && p.Alias == "production");
    }

    [Fact]
    public async Task Concurrent_approvals_for_one_model_have_exactly_one_winner()
    {
        var name = NewModelName();
        await factory.RegisterAsync(name);
        await factory.RegisterAsync(name);
        using var scientist = await factory.CreateClientWithRoleAsync(Roles.DataScientist);
        using var firstAdmin = await factory.CreateClientWithRoleAsync(Roles.Admin);
        using var secondAdmin = await factory.CreateClientWithRoleAsync(Roles.Admin);
        var one = await ReadAsync<PromotionRequest>(await scientist.PostAsJsonAsync($"/api/v1/models/{name}/promotions", new { version = 1, reason = "Baseline" }));
        var two = await ReadAsync<PromotionRequest>(await scientist.PostAsJsonAsync($"/api/v1/models/{name}/promotions", new { version = 2, reason = "Challenger" }));

        var responses = await Task.WhenAll(
            firstAdmin.PostAsJsonAsync($"/api/v1/promotions/{one.Id}/approve", new { }),
            secondAdmin.PostAsJsonAsync($"/api/v1/promotions/{two.Id}/approve", new { }));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], responses.Select(r => r.StatusCode).Order());
        var winner = responses[0].StatusCode == HttpStatusCode.OK ? one : two;
        var loser = winner == one ? two : one;
        var model = await scientist.GetFromJsonAsync<ModelSummary>($"/api/v1/models/{name}", Json);
        Assert.Equal(winner.Version, model!.ProductionVersion);
        Assert.Equal(PromotionStatus.Superseded, (await scientist.GetFromJsonAsync<PromotionRequest>($"/api/v1/promotions/{loser.Id}", Json))!.Status);
        Assert.Single(factory.Promoted, p => p.Name == name);
    }

    [Fact]
    public async Task Two_admins_approving_the_same_request_at_once_have_exactly_one_winner()
    {
        var name = NewModelName();
        await factory.RegisterAsync(name);
        using var scientist = await factory.CreateClientWithRoleAsync(Roles.DataScientist);
        using var firstAdmin = await factory.CreateClientWithRoleAsync(Roles.Admin);
        using var secondAdmin = await factory.CreateClientWithRoleAsync(Roles.Admin);
        var request = await ReadAsync<PromotionRequest>(await scientist.PostAsJsonAsync($"/api/v1/models/{name}/promotions", new { version = 1, reason = "Ship" }));

        var responses = await Task.WhenAll(
            firstAdmin.PostAsJsonAsync($"/api/v1/promotions/{request.Id}/approve", new { comment = "first" }),
            secondAdmin.PostAsJsonAsync($"/api/v1/promotions/{request.Id}/reject", new { comment = "second" }));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], responses.Select(r => r.StatusCode).Order());
        var decided = await scientist.GetFromJsonAsync<PromotionRequest>($"/api/v1/promotions/{request.Id}", Json);
        Assert.Equal(responses[0].StatusCode == HttpStatusCode.OK ? PromotionStatus.Approved : PromotionStatus.Rejected, decided!.Status);
    }

    [Fact]
    public async Task Concurrent_registrations_of_one_model_get_consecutive_versions()
    {
        var name = NewModelName();

        var results = await Task.WhenAll(factory.RegisterAsync(name), factory.RegisterAsync(name), factory.RegisterAsync(name));

        Assert.Equal([1, 2, 3], results.Select(r => r.Value!.Version).Order());
        Assert.Equal(3, (await factory.WithRegistryAsync(r => r.GetModelAsync(name, CancellationToken.None)))!.LatestVersion);
    }

    [Fact]
    public async Task Rejecting_needs_a_comment_and_leaves_production_alone()
    {
        var name = NewModelName();
        await factory.RegisterAsync(name);
        using var scientist = await factory.CreateClientWithRoleAsync(Roles.DataScientist);
        using var admin = factory.CreateAdminClient();
        var request = await ReadAsync<PromotionRequest>(await scientist.PostAsJsonAsync($"/api/v1/models/{name}/promotions", new { version = 1, reason = "Ship it" }));

        var silent = await admin.PostAsJsonAsync($"/api/v1/promotions/{request.Id}/reject", new { comment = "" });
        var rejected = await admin.PostAsJsonAsync($"/api/v1/promotions/{request.Id}/reject", new { comment = "Evaluate on fresh data first" });
        var approveAfter = await admin.PostAsJsonAsync($"/api/v1/promotions/{request.Id}/approve", new { });

        Assert.Equal(HttpStatusCode.BadRequest, silent.StatusCode);
        Assert.Equal(PromotionStatus.Rejected, (await ReadAsync<PromotionRequest>(rejected)).Status);
        Assert.Equal(HttpStatusCode.Conflict, approveAfter.StatusCode);
        Assert.Null((await admin.GetFromJsonAsync<ModelSummary>($"/api/v1/models/{name}", Json))!.ProductionVersion);
        var pending = await admin.GetFromJsonAsync<Paged<PromotionRequest>>($"/api/v1/promotions?status=Pending&model={name}", Json);
        Assert.Empty(pending!.Items);
    }

    [Fact]
    public async Task A_failing_listener_neither_undoes_the_promotion_nor_keeps_other_listeners_from_hearing_it()
    {
        var name = $"fragile-{Guid.NewGuid():N}"[..16];
        await factory.RegisterAsync(name);
        using var scientist = await factory.CreateClientWithRoleAsync(Roles.DataScientist);
        using var admin = factory.CreateAdminClient();
        var request = await ReadAsync<PromotionRequest>(await scientist.PostAsJsonAsync($"/api/v1/models/{name}/promotions", new { version = 1, reason = "Ship" }));

        var approved = await admin.PostAsJsonAsync($"/api/v1/promotions/{request.Id}/approve", new { });

        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        Assert.Equal(1, (await admin.GetFromJsonAsync<ModelSummary>($"/api/v1/models/{name}", Json))!.ProductionVersion);
        Assert.Contains(factory.Promoted, p => p.Name == name && p.Version == 1);
    }

    [Fact]
    public async Task Rollback_is_a_promotion_of_an_earlier_version()
    {
        var name = NewModelName();
        await factory.RegisterAsync(name);
        await factory.RegisterAsync(name);
        using var scientist = await factory.CreateClientWithRoleAsync(Roles.DataScientist);
        using var admin = factory.CreateAdminClient();
        var forward = await ReadAsync<PromotionRequest>(await scientist.PostAsJsonAsync($"/api/v1/models/{name}/promotions", new { version = 2, reason = "New" }));
        await admin.PostAsJsonAsync($"/api/v1/promotions/{forward.Id}/approve", new { });

        var back = await ReadAsync<PromotionRequest>(await scientist.PostAsJsonAsync($"/api/v1/models/{name}/promotions", new { version = 1, reason = "Rollback" }));
        await admin.PostAsJsonAsync($"/api/v1/promotions/{back.Id}/approve", new { });

        Assert.Equal(2, back.PreviousVersion);
        Assert.Equal(1, (await admin.GetFromJsonAsync<ModelSummary>($"/api/v1/models/{name}", Json))!.ProductionVersion);
        Assert.Contains(factory.Promoted, p => p.Name == name && p.Version == 1 && p.PreviousVersion == 2);
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response)
    {
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<T>(Json))!;
    }

    private static string NewModelName() => $"iris-{Guid.NewGuid():N}"[..16];
}
