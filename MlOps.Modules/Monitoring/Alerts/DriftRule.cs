using MlOps.Modules.Monitoring.Contracts;
using static MlOps.Modules.Monitoring.Alerts.AlertText;

namespace MlOps.Modules.Monitoring.Alerts;

/// <summary>
/// A <see cref="AlertKinds.Drift"/> alert when the report finds dataset drift (at least half the inputs drifted); else a
/// <see cref="AlertKinds.PredictionDrift"/> alert when only the predictions drifted.
/// </summary>
internal static class DriftRule
{
    public static NewAlert? Judge(string model, int version, DriftReport report, TimeWindow window)
    {
        var drifted = report.Features.Where(f => f.Drifted).ToList();
        var share = $"{drifted.Count} of {report.Features.Count} inputs drifted";
        if (report.DatasetDrift)
            return Alert(AlertKinds.Drift, AlertSeverity.Critical, $"{share}: {Names(drifted.Select(f => f.Name).ToList())}");
        if (report.Prediction is { Drifted: true } prediction)
            return Alert(AlertKinds.PredictionDrift, AlertSeverity.Warning, $"The predicted {Predicted(prediction)} drifted ({share})");
        return null;

        NewAlert Alert(string kind, AlertSeverity severity, string title)
        {
            var verdicts = drifted.Select(Verdict).ToList();
            if (report.Prediction is { Drifted: true } predicted) verdicts.Add(Verdict(predicted with { Name = $"predicted {Predicted(predicted)}" }));
            return new NewAlert(model, version, kind, severity, title,
                Invariant($"Compared {report.Current.Rows} records logged for version {version} {Window(window)} with its training data, ")
                + Invariant($"{report.Reference.Dataset} version {report.Reference.Version} ({report.Reference.Rows} rows). Drifted: {string.Join("; ", verdicts)}."));
        }
    }

    private static string Predicted(DriftFeature prediction) => prediction.Type == DriftColumnType.Categorical ? "classes" : "values";

    private static string Verdict(DriftFeature feature) => feature.PValue is { } p
        ? Invariant($"{feature.Name} ({TestName(feature.Test)}, p = {p:G2} < {feature.Threshold})")
        : Invariant($"{feature.Name} ({TestName(feature.Test)} {feature.Statistic:0.###} ≥ {feature.Threshold})");

    private static string TestName(DriftTest test) => test switch
    {
        DriftTest.KolmogorovSmirnov => "Kolmogorov–Smirnov",
        DriftTest.ChiSquared => "chi-squared",
        DriftTest.ProportionZ => "z-test",
        DriftTest.Wasserstein => "Wasserstein distance",
        DriftTest.JensenShannon => "Jensen–Shannon distance",
        _ => test.ToString(),
    };
}
