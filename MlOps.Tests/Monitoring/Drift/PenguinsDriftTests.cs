using System.Text.Json;
using MlOps.Modules.Monitoring.Contracts;
using MlOps.Modules.Monitoring.Drift;

namespace MlOps.Tests.Monitoring.Drift;

/// <summary>The known answers on penguins (344 rows, so the p-value tests): resampled training rows do not drift; shifted columns do.</summary>
public sealed class PenguinsDriftTests(PenguinsReference penguins) : IClassFixture<PenguinsReference>
{
    private const int Seed = 2024;

    [Fact]
    public void Traffic_resampled_from_the_training_data_shows_no_drift()
    {
        var (inputs, predictions) = penguins.Traffic(300, Seed);

        var report = Analyze(inputs, predictions);

        Assert.Equal(new DriftReference("penguins-reference", 1, 344), report.Reference);
        Assert.Equal(new DriftCurrent(300), report.Current);
        Assert.Equal(
            [("Island", DriftColumnType.Categorical, DriftTest.ChiSquared), ("Beak Length (mm)", DriftColumnType.Numeric, DriftTest.KolmogorovSmirnov),
             ("Beak Depth (mm)", DriftColumnType.Numeric, DriftTest.KolmogorovSmirnov), ("Flipper Length (mm)", DriftColumnType.Numeric, DriftTest.KolmogorovSmirnov),
             ("Body Mass (g)", DriftColumnType.Numeric, DriftTest.KolmogorovSmirnov), ("Sex", DriftColumnType.Categorical, DriftTest.ChiSquared)],
            report.Features.Select(f => (f.Name, f.Type, f.Test)));
        Assert.All(report.Features, feature => Assert.False(feature.Drifted, $"{feature.Name}: p = {feature.PValue}"));
        Assert.All(report.Features, feature => Assert.InRange(feature.Psi, 0, 0.1));
        Assert.Equal((0.0, false), (report.DriftShare, report.DatasetDrift));
        Assert.False(report.Prediction!.Drifted);
        Assert.Empty(report.Skipped);
    }

    [Fact]
    public void Two_numeric_columns_shifted_by_one_standard_deviation_drift_and_no_others()
    {
        var (inputs, predictions) = penguins.Traffic(300, Seed, ("Beak Length (mm)", 1), ("Flipper Length (mm)", 1));

        var report = Analyze(inputs, predictions);

        Assert.Equal(["Beak Length (mm)", "Flipper Length (mm)"], report.Features.Where(f => f.Drifted).Select(f => f.Name));
        Assert.All(report.Features.Where(f => f.Drifted), feature => Assert.True(feature.PValue < 1e-10 && feature.Statistic > 0.3, $"{feature.Name}: D = {feature.Statistic}, p = {feature.PValue}"));
        Assert.Equal(2.0 / 6, report.DriftShare, 1e-12);
        Assert.False(report.DatasetDrift);
        Assert.False(report.Prediction!.Drifted);
    }

    [Fact]
    public void Half_of_the_columns_drifting_is_dataset_drift()
    {
        var (inputs, predictions) = penguins.Traffic(300, Seed, ("Beak Length (mm)", 1), ("Flipper Length (mm)", 1), ("Body Mass (g)", -1));

        var report = Analyze(inputs, predictions);

        Assert.Equal(["Beak Length (mm)", "Flipper Length (mm)", "Body Mass (g)"], report.Features.Where(f => f.Drifted).Select(f => f.Name));
        Assert.Equal((0.5, true), (report.DriftShare, report.DatasetDrift));
    }

    [Fact]
    public void Predictions_of_one_species_only_are_prediction_drift_but_not_input_drift()
    {
        var (inputs, _) = penguins.Traffic(300, Seed);

        var report = Analyze(inputs, Enumerable.Repeat<object?>("Gentoo", inputs.Count).ToList());

        Assert.False(report.DatasetDrift);
        Assert.Equal(("Species", DriftTest.ChiSquared, true), (report.Prediction!.Name, report.Prediction.Test, report.Prediction.Drifted));
        Assert.Equal(["Adelie", "Chinstrap", "Gentoo"], report.Prediction.Distribution.Categories);
        Assert.Equal([0, 0, 1.0], report.Prediction.Distribution.Current);
    }

    [Fact]
    public void Traffic_read_back_from_json_gives_the_same_report_as_traffic_logged_in_memory()
    {
        var (inputs, predictions) = penguins.Traffic(300, Seed, ("Beak Depth (mm)", 0.5));
        var stored = inputs.Select(row => (IReadOnlyDictionary<string, object?>)JsonSerializer.Deserialize<Dictionary<string, object?>>(JsonSerializer.Serialize(row))!).ToList();
        var storedPredictions = predictions.Select(p => (object?)JsonSerializer.SerializeToElement(p)).ToList();

        var fromMemory = Analyze(inputs, predictions);
        var fromJson = Analyze(stored, storedPredictions);

        Assert.IsType<JsonElement>(stored[0]["Island"]);
        Assert.Equal(JsonSerializer.Serialize(fromMemory), JsonSerializer.Serialize(fromJson));
    }

    [Fact]
    public void Each_column_charts_reference_and_current_shares_on_common_bins()
    {
        var (inputs, predictions) = penguins.Traffic(300, Seed);

        var report = Analyze(inputs, predictions);

        var mass = report.Features.Single(f => f.Name == "Body Mass (g)").Distribution;
        Assert.Null(mass.Categories);
        Assert.Equal(mass.Edges!.Count - 1, mass.Reference.Count);
        Assert.Equal(mass.Reference.Count, mass.Current.Count);
        Assert.Equal(1.0, mass.Reference.Sum(), 1e-9);
        Assert.Equal(1.0, mass.Current.Sum(), 1e-9);
        var island = report.Features.Single(f => f.Name == "Island").Distribution;
        Assert.Equal(["Biscoe", "Dream", "Torgersen"], island.Categories);
        Assert.Equal([168 / 344.0, 124 / 344.0, 52 / 344.0], island.Reference);
    }

    private DriftReport Analyze(IReadOnlyList<IReadOnlyDictionary<string, object?>> inputs, IReadOnlyList<object?> predictions) =>
        DriftAnalyzer.Analyze(penguins.Sample, PenguinsReference.Features, PenguinsReference.Label, CurrentWindow.FromRows(inputs, predictions));
}
