namespace MlOps.Tests.Monitoring;

/// <summary>The Monitoring API tests share one host and its trained models; they run one after another, so each test's time window holds only its own traffic.</summary>
[CollectionDefinition(Name)]
public sealed class MonitoringCollection : ICollectionFixture<MonitoringFixture>
{
    public const string Name = "Monitoring";
}
