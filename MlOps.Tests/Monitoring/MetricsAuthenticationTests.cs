using System.Net;
using MlOps.Tests.Support;

namespace MlOps.Tests.Monitoring;

public sealed class MetricsAuthenticationTests(MetricsAuthenticationTests.ProtectedMetricsFactory factory) : IClassFixture<MetricsAuthenticationTests.ProtectedMetricsFactory>
{
    public sealed class ProtectedMetricsFactory : MlOpsFactory
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Monitoring:Metrics:RequireAuthentication"] = "true" };
    }

    [Fact]
    public async Task With_the_switch_on_metrics_need_a_key_that_may_read()
    {
        using var anonymous = factory.CreateClient();
        using var analyst = await factory.CreateClientWithRoleAsync(MlOps.Modules.Platform.Contracts.Roles.Analyst);

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/metrics")).StatusCode);
        var scraped = await analyst.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, scraped.StatusCode);
        Assert.Contains("mlops_monitoring_queue_depth 0", await scraped.Content.ReadAsStringAsync());
    }
}
