using MlOps.Tests.Support;

namespace MlOps.Tests.Docs;

/// <summary>
/// The tests that follow a newcomer's first hour share one app with the samples trained, and run one at a time: each
/// trains or scores on every core.
/// </summary>
[CollectionDefinition(Name)]
public sealed class FirstHourCollection : ICollectionFixture<TrainedSamplesApp>
{
    public const string Name = "first hour";
}
