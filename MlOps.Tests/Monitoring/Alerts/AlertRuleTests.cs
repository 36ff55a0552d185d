using MlOps.Modules.Monitoring;
using MlOps.Modules.Monitoring.Alerts;
using MlOps.Modules.Monitoring.Contracts;

namespace MlOps.Tests.Monitoring.Alerts;

/// <summary>What the checks make of a drift report and of a version's traffic, without a host.</summary>
public sealed class AlertRuleTests
{
    private static readonly TimeWindow Day = new(new DateTime(2026, 11, 22, 0, 0, 0, DateTimeKind.Utc), new DateTime(2026, 11, 23, 0, 0, 0, DateTimeKind.Utc));
    private static readonly MonitoringOptions.AlertsOptions Defaults = new();

    [Fact]
    public void Predictions_that_drift_while_most_inputs_do_not_raise_a_prediction_drift_warning()
    {
        var report = Report(datasetDrift: false, prediction: Feature("Species", DriftTest.ChiSquared, pValue: 0.001, drifted: true), Feature("Island", DriftTest.ChiSquared, pValue: 0.01, drifted: true),
            Feature("Beak Length (mm)", DriftTest.KolmogorovSmirnov, pValue: 0.4, drifted: false));

        var alert = DriftRule.Judge("penguins", 3, report, Day)!;

        Assert.Equal((AlertKinds.PredictionDrift, AlertSeverity.Warning, 3), (alert.Kind, alert.Severity, alert.Version));
        Assert.Equal("The predicted classes drifted (1 of 2 inputs drifted)", alert.Title);
        Assert.Equal("Compared 400 records logged for version 3 in the last 24 h with its training data, penguins version 2 (344 rows). "
            + "Drifted: Island (chi-squared, p = 0.01 < 0.05); predicted classes (chi-squared, p = 0.001 < 0.05).", alert.Detail);
    }

    [Fact]
    public void Dataset_drift_names_the_columns_and_reports_distances_without_p_values()
    {
        var report = Report(datasetDrift: true, prediction: null, Feature("Beak Length (mm)", DriftTest.Wasserstein, pValue: null, drifted: true, statistic: 0.31234),
            Feature("Island", DriftTest.JensenShannon, pValue: null, drifted: false, statistic: 0.02));

        var alert = DriftRule.Judge("penguins", 3, report, Day)!;

        Assert.Equal((AlertKinds.Drift, AlertSeverity.Critical), (alert.Kind, alert.Severity));
        Assert.Equal("1 of 2 inputs drifted: Beak Length (mm)", alert.Title);
        Assert.EndsWith("Drifted: Beak Length (mm) (Wasserstein distance 0.312 ≥ 0.1).", alert.Detail);
    }

    [Fact]
    public void A_report_without_drift_raises_nothing()
    {
        var report = Report(datasetDrift: false, prediction: Feature("Species", DriftTest.ChiSquared, pValue: 0.3, drifted: false),
            Feature("Island", DriftTest.ChiSquared, pValue: 0.2, drifted: false));

        Assert.Null(DriftRule.Judge("penguins", 3, report, Day));
    }

    [Theory]
    [InlineData(100, 5, 0, false)]
    [InlineData(100, 6, 0, true)]
    [InlineData(19, 19, 0, false)]
    [InlineData(20, 2, 0, true)]
    [InlineData(100, 0, 90, false)]
    [InlineData(110, 6, 10, true)]
    [InlineData(39, 19, 20, false)]
    public void An_error_rate_alert_needs_a_share_of_the_models_failures_above_the_threshold_of_enough_requests(long requests, long errors, long rejected, bool raised)
    {
        var traffic = new VersionTraffic(4, requests, requests - errors - rejected, errors, rejected, new LatencyPercentiles(1, 2, 3), new Dictionary<string, long>(), null);

        Assert.Equal(raised, ErrorRateRule.Judge("cars", traffic, Day, Defaults) is not null);
    }

    [Fact]
    public void An_error_rate_alert_says_how_many_requests_failed_in_the_window()
    {
        var traffic = new VersionTraffic(4, 410, 370, 30, 10, new LatencyPercentiles(1, 2, 3), new Dictionary<string, long>(), 21.5);

        var alert = ErrorRateRule.Judge("cars", traffic, Day, Defaults)!;

        Assert.Equal((AlertKinds.ErrorRate, AlertSeverity.Critical, 4), (alert.Kind, alert.Severity, alert.Version));
        Assert.Equal("7.5 % of 400 requests failed in the last 24 h", alert.Title);
        Assert.Equal("30 of 400 predict requests to version 4 failed in the model between 2026-11-22 00:00:00Z and 2026-11-23 00:00:00Z "
            + "(10 more were refused for the caller's own mistakes and are not counted). "
            + "The limit is 5 % of at least 20 requests (Monitoring:Alerts).", alert.Detail);
    }

    private static DriftReport Report(bool datasetDrift, DriftFeature? prediction, params DriftFeature[] features) =>
        new(new DriftReference("penguins", 2, 344), new DriftCurrent(400), features, features.Count(f => f.Drifted) / (double)features.Length, datasetDrift, prediction, []);

    private static DriftFeature Feature(string name, DriftTest test, double? pValue, bool drifted, double statistic = 1) =>
        new(name, test is DriftTest.KolmogorovSmirnov or DriftTest.Wasserstein ? DriftColumnType.Numeric : DriftColumnType.Categorical, test, statistic, pValue,
            pValue is null ? 0.1 : 0.05, drifted, 0.2, 344, 400, new DriftDistribution(null, ["a"], [1], [1]));
}
