using System.Text.Json;
using System.Text.Json.Serialization;
using MlOps.Modules.Monitoring.Contracts;
using MlOps.Modules.Monitoring.Drift;
using MlOps.Modules.Pipeline.Contracts;

namespace MlOps.Tests.Monitoring.Drift;

public sealed class DriftAnalyzerTests
{
    private static readonly string[] Categories = [.. ChiSquaredTests.Repeat(("a", 1000), ("b", 600), ("c", 400))];

    [Theory]
    // By hand: x is even over [0, 10), σ ≈ 2.887, so a shift of 0.2 is 0.07σ and a shift of 0.5 is 0.17σ against the 0.1 threshold.
    [InlineData(0.0, false)]
    [InlineData(0.2, false)]
    [InlineData(0.5, true)]
    public void Above_a_thousand_reference_rows_numbers_are_judged_by_the_normalised_wasserstein_distance(double shift, bool drifted)
    {
        var reference = Large();
        var current = Samples.Spread(1000).Select(v => v * 10 + shift).ToArray();

        var feature = Analyze(reference, ["x"], new() { ["x"] = CurrentColumn.Of(Nullable(current)) }).Features.Single();

        Assert.Equal((DriftTest.Wasserstein, DriftColumnType.Numeric, (double?)null, 0.1, drifted), (feature.Test, feature.Type, feature.PValue, feature.Threshold, feature.Drifted));
        Assert.Equal(WassersteinDistance.Normalized(Samples.Spread(2000).Select(v => v * 10).ToArray(), current), feature.Statistic, 1e-12);
        Assert.InRange(feature.Statistic, shift / 2.8868 - 0.01, shift / 2.8868 + 0.01);
    }

    [Fact]
    public void Above_a_thousand_reference_rows_categories_are_judged_by_the_jensen_shannon_distance()
    {
        // By hand (JensenShannonTests, PopulationStabilityTests): shares (0.5, 0.3, 0.2) against (0.3, 0.3, 0.4) are 0.1721147310381218 apart, PSI 0.2 ln(10/3).
        var shifted = ChiSquaredTests.Repeat(("a", 300), ("b", 300), ("c", 400));
        var same = ChiSquaredTests.Repeat(("a", 500), ("b", 300), ("c", 200));

        var report = Analyze(Large(), ["c", "c2"], new() { ["c"] = CurrentColumn.Of(shifted), ["c2"] = CurrentColumn.Of(same) }, extra: Text("c2", Categories));

        var (drifting, steady) = (report.Features[0], report.Features[1]);
        Assert.Equal((DriftTest.JensenShannon, DriftColumnType.Categorical, true), (drifting.Test, drifting.Type, drifting.Drifted));
        Assert.Equal(0.1721147310381218, drifting.Statistic, 1e-12);
        Assert.Equal(0.2 * Math.Log(10.0 / 3), drifting.Psi, 1e-12);
        Assert.Equal((DriftTest.JensenShannon, false, 0.0, 0.0), (steady.Test, steady.Drifted, steady.Statistic, steady.Psi));
        Assert.Equal((0.5, true), (report.DriftShare, report.DatasetDrift));
    }

    [Fact]
    public void Numbers_with_at_most_five_values_are_compared_as_categories()
    {
        var rooms = Enumerable.Range(0, 2000).Select(i => (double)(1 + i % 3)).ToArray();
        var fewRows = rooms.Take(600).ToArray();
        var current = new Dictionary<string, CurrentColumn> { ["rooms"] = CurrentColumn.Of(Nullable(rooms.Take(90).ToArray())) };

        var large = Analyze(Tabular(Number("rooms", rooms)), ["rooms"], current).Features.Single();
        var small = Analyze(Tabular(Number("rooms", fewRows)), ["rooms"], current).Features.Single();

        Assert.Equal((DriftColumnType.Numeric, DriftTest.JensenShannon, false), (large.Type, large.Test, large.Drifted));
        Assert.Equal((DriftColumnType.Numeric, DriftTest.ChiSquared, false), (small.Type, small.Test, small.Drifted));
        Assert.Equal(["1", "2", "3"], small.Distribution.Categories);
    }

    [Theory]
    // By hand: reference 300 "no" / 200 "yes"; current 60/40 has the same shares, so z = 0 and p = 1.
    [InlineData(60, false)]
    // By hand: current 40 "no" / 60 "yes": P = 340/600, z = (0.6 − 0.4) / √(P(1 − P)(1/500 + 1/100)) = 3.684, p ≈ 0.00023.
    [InlineData(40, true)]
    public void A_binary_column_of_a_small_reference_is_judged_by_the_z_test(int currentNo, bool drifted)
    {
        var reference = Tabular(Text("churned", ChiSquaredTests.Repeat(("no", 300), ("yes", 200))));
        var current = ChiSquaredTests.Repeat(("no", currentNo), ("yes", 100 - currentNo));

        var feature = Analyze(reference, ["churned"], new() { ["churned"] = CurrentColumn.Of(current) }).Features.Single();

        var pooled = (300.0 + currentNo) / 600;
        var z = (0.6 - currentNo / 100.0) / Math.Sqrt(pooled * (1 - pooled) * (1.0 / 500 + 1.0 / 100));
        Assert.Equal((DriftTest.ProportionZ, drifted), (feature.Test, feature.Drifted));
        Assert.Equal(z, feature.Statistic, 1e-12);
        Assert.Equal(SpecialFunctions.NormalTwoSidedPValue(z), feature.PValue!.Value, 1e-15);
    }

    [Fact]
    public void Booleans_compare_as_true_and_false_however_they_are_written()
    {
        var reference = Tabular(new ReferenceColumn("member", ColumnType.Boolean, 6, 0, Values: ["TRUE", "False", "true", "false", "True", "FALSE"]));
        var window = CurrentWindow.FromRows([Row("member", true), Row("member", false), Row("member", "True"), Row("member", "false")]);

        var feature = DriftAnalyzer.Analyze(reference, ["member"], null, window).Features.Single();

        Assert.Equal((DriftColumnType.Categorical, DriftTest.ProportionZ, 1.0), (feature.Type, feature.Test, feature.PValue));
        Assert.Equal(["false", "true"], feature.Distribution.Categories);
    }

    [Fact]
    public void Image_models_drift_on_image_measures_and_predicted_classes()
    {
        var reference = new ReferenceSample("digits", 3, DatasetKind.Image, 50, 50,
        [
            Number(ImageMeasures.MeanIntensity, Samples.Spread(50).Select(v => v * 0.2 + 0.05).ToArray()),
            Number(ImageMeasures.Width, Enumerable.Repeat(28.0, 50).ToArray()),
            Number(ImageMeasures.Height, Enumerable.Repeat(28.0, 50).ToArray()),
            Text(ImageMeasures.LabelColumn, Enumerable.Range(0, 50).Select(i => (i % 10).ToString()).ToArray()),
        ]);

        var steady = DriftAnalyzer.Analyze(reference, ["Image"], "ignored", Images(width: 28, brighter: 0, predicted: i => (i % 10).ToString()));
        var changed = DriftAnalyzer.Analyze(reference, ["Image"], "ignored", Images(width: 32, brighter: 0.1, predicted: _ => "7"));

        Assert.Equal(
            [(ImageMeasures.MeanIntensity, DriftTest.KolmogorovSmirnov), (ImageMeasures.Width, DriftTest.ProportionZ), (ImageMeasures.Height, DriftTest.ProportionZ)],
            steady.Features.Select(f => (f.Name, f.Test)));
        Assert.Equal((0.0, false, false), (steady.DriftShare, steady.DatasetDrift, steady.Prediction!.Drifted));
        Assert.Equal([ImageMeasures.MeanIntensity, ImageMeasures.Width], changed.Features.Where(f => f.Drifted).Select(f => f.Name));
        Assert.True(changed.DatasetDrift);
        Assert.Equal((ImageMeasures.LabelColumn, DriftTest.ChiSquared, true), (changed.Prediction!.Name, changed.Prediction.Test, changed.Prediction.Drifted));
    }

    [Fact]
    public void Columns_that_cannot_be_compared_are_listed_with_the_reason_and_left_out_of_the_share()
    {
        var reference = Tabular(Number("x", [1, 2, 3, 4, 5, 6, 7]), Number("unlogged", [1, 2, 3, 4, 5, 6, 7]));
        // By hand: 4 current values above all 7 reference ones: D = 1, p = 2 / C(11, 4) = 2/330.
        var window = CurrentWindow.FromRows([Row("x", 9f), Row("x", 10f), Row("x", 11f), Row("x", 12f), Row("note", "hello")]);

        var report = DriftAnalyzer.Analyze(reference, ["x", "note", "unlogged"], "label", window);

        Assert.Equal("x", Assert.Single(report.Features).Name);
        Assert.Equal(2.0 / 330, report.Features[0].PValue!.Value, 1e-15);
        Assert.Equal((1.0, true), (report.DriftShare, report.DatasetDrift));
        Assert.Equal(
            [("note", "The training data has no numeric, categorical or boolean column of this name."), ("unlogged", "The window holds no values for this column.")],
            report.Skipped.Select(s => (s.Name, s.Reason)));
        Assert.Null(report.Prediction);
    }

    [Fact]
    public void An_empty_window_compares_nothing_and_is_not_drift()
    {
        var report = DriftAnalyzer.Analyze(Large(), ["x", "c"], null, CurrentWindow.FromRows([]));

        Assert.Empty(report.Features);
        Assert.Equal((0, 0.0, false), (report.Current.Rows, report.DriftShare, report.DatasetDrift));
        Assert.Equal(2, report.Skipped.Count);
    }

    [Fact]
    public void The_report_serialises_with_evidently_test_names_and_an_infinite_chi_squared()
    {
        var reference = Tabular(Text("colour", ChiSquaredTests.Repeat(("red", 10), ("green", 10), ("blue", 10))));
        var report = Analyze(reference, ["colour"], new() { ["colour"] = CurrentColumn.Of(["red", "purple", "green"]) });

        var json = JsonSerializer.Serialize(report, new JsonSerializerOptions(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } });

        Assert.Contains("\"type\":\"categorical\",\"test\":\"chisquare\",\"statistic\":\"Infinity\",\"pValue\":0,\"threshold\":0.05,\"drifted\":true", json);
        Assert.Contains("\"reference\":{\"dataset\":\"synthetic\",\"version\":1,\"rows\":30}", json);
    }

    private static DriftReport Analyze(ReferenceSample reference, IReadOnlyList<string> features, Dictionary<string, CurrentColumn> current, ReferenceColumn? extra = null)
    {
        if (extra is not null) reference = reference with { Columns = [.. reference.Columns, extra] };
        var rows = current.Values.Max(c => c.PresentTexts().Length);
        return DriftAnalyzer.Analyze(reference, features, null, new CurrentWindow(rows, current, null));
    }

    /// <summary>2000 rows: x even over [0, 10), c with shares 0.5, 0.3, 0.2.</summary>
    private static ReferenceSample Large() => Tabular(Number("x", Samples.Spread(2000).Select(v => v * 10).ToArray()), Text("c", Categories));

    private static CurrentWindow Images(int width, double brighter, Func<int, string> predicted)
    {
        var intensities = Samples.Golden(40, 1);
        var rows = Enumerable.Range(0, 40).Select(i => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?>
        {
            [ImageMeasures.MeanIntensity] = (float)(intensities[i] * 0.2 + 0.05 + brighter),
            [ImageMeasures.Width] = (float)width,
            [ImageMeasures.Height] = 28f,
        }).ToList();
        return CurrentWindow.FromRows(rows, Enumerable.Range(0, 40).Select(i => (object?)predicted(i)).ToList());
    }

    private static ReferenceSample Tabular(params ReferenceColumn[] columns)
    {
        var rows = columns.Max(c => c.Count);
        return new ReferenceSample("synthetic", 1, DatasetKind.Tabular, rows, rows, columns);
    }

    private static ReferenceColumn Number(string name, double[] values) => new(name, ColumnType.Numeric, values.Length, 0, Numbers: Nullable(values));

    private static ReferenceColumn Text(string name, string[] values) => new(name, ColumnType.Categorical, values.Length, 0, Values: values);

    private static double?[] Nullable(double[] values) => Array.ConvertAll(values, v => (double?)v);

    private static IReadOnlyDictionary<string, object?> Row(string column, object? value) => new Dictionary<string, object?> { [column] = value };
}
