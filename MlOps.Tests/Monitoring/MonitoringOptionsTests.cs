using Microsoft.Extensions.Options;
using MlOps.Tests.Support;

namespace MlOps.Tests.Monitoring;

public sealed class MonitoringOptionsTests
{
    private sealed class NoRetentionFactory : MlOpsFactory
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Monitoring:RetentionDays"] = "0" };
    }

    private sealed class ErrorRateAsPercentFactory : MlOpsFactory
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Monitoring:Alerts:ErrorRateThreshold"] = "5" };
    }

    [Fact]
    public async Task An_error_rate_threshold_that_is_not_a_share_stops_the_app_at_start()
    {
        await using var factory = new ErrorRateAsPercentFactory();

        var failure = Assert.Throws<OptionsValidationException>(() => factory.CreateClient());

        Assert.Contains("Monitoring:Alerts:ErrorRateThreshold must be between 0 and 1", failure.Message);
    }

    [Fact]
    public async Task A_retention_of_zero_days_stops_the_app_at_start()
    {
        await using var factory = new NoRetentionFactory();

        var failure = Assert.Throws<OptionsValidationException>(() => factory.CreateClient());

        Assert.Contains("Monitoring:RetentionDays must be positive.", failure.Message);
    }
}
