using Microsoft.Extensions.Options;
using MlOps.Tests.Support;

namespace MlOps.Tests.Monitoring;

public sealed class MonitoringOptionsTests
{
    private sealed class NoRetentionFactory : MlOpsFactory
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Monitoring:RetentionDays"] = "0" };
    }

    [Fact]
    public async Task A_retention_of_zero_days_stops_the_app_at_start()
    {
        await using var factory = new NoRetentionFactory();

        var failure = Assert.Throws<OptionsValidationException>(() => factory.CreateClient());

        Assert.Contains("Monitoring:RetentionDays must be positive.", failure.Message);
    }
}
