namespace MlOps.Tests.Browser;

/// <summary>
/// A browser test: skipped with a reason when Debian's Chromium is missing on a developer machine,
/// but always run under CI=true, where a missing browser is a failure.
/// </summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public const string ChromiumPath = "/usr/bin/chromium";

    public BrowserFactAttribute()
    {
        var inCi = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        if (!File.Exists(ChromiumPath) && !inCi)
            Skip = $"Chromium is not installed at {ChromiumPath} (apt-get install chromium); CI runs this test.";
    }
}
