using System.Net;
using MlOps.Modules.Platform.Contracts;
using MlOps.Tests.Support;

namespace MlOps.Tests.Api;

public sealed class AuthorizationTests(MlOpsFactory factory) : IClassFixture<MlOpsFactory>
{
    [Fact]
    public async Task Audit_without_credentials_is_401_problem()
    {
        var response = await factory.CreateClient().GetAsync("/api/v1/audit");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Audit_with_the_bootstrap_key_is_200()
    {
        var response = await factory.CreateAdminClient().GetAsync("/api/v1/audit");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Audit_with_an_analyst_key_is_403()
    {
        using var analyst = await factory.CreateClientWithRoleAsync(Roles.Analyst);

        var response = await analyst.GetAsync("/api/v1/audit");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Unknown_key_is_401()
    {
        using var client = MlOpsFactory.WithKey(factory.CreateClient(), "mlops_deadbeef_not-a-real-key");

        var response = await client.GetAsync("/api/v1/audit");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
