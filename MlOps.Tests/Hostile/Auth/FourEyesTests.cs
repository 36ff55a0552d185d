using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using MlOps.Modules.Platform.Contracts;
using MlOps.Modules.Registry.Contracts;
using MlOps.Tests.Registry;
using MlOps.Tests.Support;

namespace MlOps.Tests.Hostile.Auth;

/// <summary>Four-eyes means two people: no combination of one person's credentials approves their own request.</summary>
public sealed class FourEyesTests(RegistryFactory factory) : IClassFixture<RegistryFactory>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    [Fact]
    public async Task An_admin_cannot_approve_their_own_request_with_their_own_key_after_requesting_with_the_cookie()
    {
        var (email, password) = await factory.CreateUserAsync(Roles.Admin);
        using var cookie = await factory.CreateSignedInClientAsync(email, password);
        using var ownKey = MlOpsFactory.WithKey(factory.CreateClient(), (await MlOpsFactory.CreateKeyAsync(cookie, "second-credential", Roles.Admin)).Key);
        var promotion = await RequestPromotionAsync(cookie);

        var approval = await ownKey.PostAsJsonAsync($"/api/v1/promotions/{promotion.Id}/approve", new { comment = "me again" });

        await AssertRefusedAsOwnRequestAsync(approval, promotion.Id);
    }

    [Fact]
    public async Task An_admin_cannot_approve_with_one_of_their_keys_what_another_of_their_keys_requested()
    {
        var (email, password) = await factory.CreateUserAsync(Roles.Admin);
        using var cookie = await factory.CreateSignedInClientAsync(email, password);
        using var first = MlOpsFactory.WithKey(factory.CreateClient(), (await MlOpsFactory.CreateKeyAsync(cookie, "robot-one", Roles.DataScientist)).Key);
        using var second = MlOpsFactory.WithKey(factory.CreateClient(), (await MlOpsFactory.CreateKeyAsync(cookie, "robot-two", Roles.Admin)).Key);
        var promotion = await RequestPromotionAsync(first);

        var byKey = await second.PostAsJsonAsync($"/api/v1/promotions/{promotion.Id}/approve", new { comment = "other key" });
        var byCookie = await cookie.PostAsJsonAsync($"/api/v1/promotions/{promotion.Id}/reject", new { comment = "other credential" });

        await AssertRefusedAsOwnRequestAsync(byKey, promotion.Id);
        await AssertRefusedAsOwnRequestAsync(byCookie, promotion.Id);
    }

    [Fact]
    public async Task The_bootstrap_key_is_the_bootstrap_admins_so_they_cannot_approve_with_it_what_they_requested_signed_in()
    {
        using var cookie = await factory.CreateSignedInClientAsync(MlOpsFactory.AdminEmail, MlOpsFactory.AdminPassword);
        var promotion = await RequestPromotionAsync(cookie);

        var approval = await factory.CreateAdminClient().PostAsJsonAsync($"/api/v1/promotions/{promotion.Id}/approve", new { comment = "bootstrap" });

        await AssertRefusedAsOwnRequestAsync(approval, promotion.Id);
    }

    [Fact]
    public async Task Another_person_approves()
    {
        var (email, password) = await factory.CreateUserAsync(Roles.Admin);
        using var requester = await factory.CreateSignedInClientAsync(email, password);
        var promotion = await RequestPromotionAsync(requester);

        var approval = await factory.CreateAdminClient().PostAsJsonAsync($"/api/v1/promotions/{promotion.Id}/approve", new { comment = "second pair of eyes" });

        Assert.Equal(HttpStatusCode.OK, approval.StatusCode);
        Assert.Equal(PromotionStatus.Approved, (await approval.Content.ReadFromJsonAsync<PromotionRequest>(Json))!.Status);
    }

    [Fact]
    public async Task A_service_key_that_belongs_to_nobody_may_never_approve()
    {
        using var service = await ServiceKeys.CreateAsync(factory, Roles.Admin);
        using var requester = await factory.CreateClientWithRoleAsync(Roles.DataScientist);
        var promotion = await RequestPromotionAsync(requester);

        var approval = await service.PostAsJsonAsync($"/api/v1/promotions/{promotion.Id}/approve", new { comment = "robot" });

        Assert.Equal(HttpStatusCode.Forbidden, approval.StatusCode);
        Assert.Contains("service key", await AuthProblems.DetailOf(approval));
    }

    private async Task<PromotionRequest> RequestPromotionAsync(HttpClient requester)
    {
        var name = $"four-eyes-{Guid.NewGuid():N}"[..24];
        Assert.True((await factory.RegisterAsync(name)).Succeeded);
        var response = await requester.PostAsJsonAsync($"/api/v1/models/{name}/promotions", new { version = 1, alias = "production", reason = "Ready" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<PromotionRequest>(Json))!;
    }

    private async Task AssertRefusedAsOwnRequestAsync(HttpResponseMessage response, string promotionId)
    {
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("other than its requester", await AuthProblems.DetailOf(response));
        var stored = await factory.CreateAdminClient().GetFromJsonAsync<PromotionRequest>($"/api/v1/promotions/{promotionId}", Json);
        Assert.Equal(PromotionStatus.Pending, stored!.Status);
    }
}
