namespace MlOps.Tests.Browser;

/// <summary>Browser tests share one app on a loopback port and one Chromium, and run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserAppFixture>
{
    public const string Name = "browser";
}
