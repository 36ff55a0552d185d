using MlOps.Modules.Serving.Contracts;

namespace MlOps.Tests.Monitoring;

/// <summary>Prediction events as Serving publishes them, for tests that drive the log without HTTP.</summary>
internal static class LogEvents
{
    public static PredictionEvent Prediction(string model, int i, DateTime? at = null, int version = 1) => new(
        model, version, "production",
        new Dictionary<string, object?> { ["Island"] = i % 2 == 0 ? "Biscoe" : "Dream", ["Beak Length (mm)"] = 40f + i % 10, ["Comment"] = null },
        new Prediction(i % 3 == 0 ? "Gentoo" : "Adelie", new Dictionary<string, double> { ["Adelie"] = 0.25, ["Gentoo"] = 0.75 }, null),
        TimeSpan.FromMilliseconds(0.5), "tests", $"request-{i}", at ?? DateTime.UtcNow, 0);
}
