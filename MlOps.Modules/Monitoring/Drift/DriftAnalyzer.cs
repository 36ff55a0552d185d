using MlOps.Modules.Monitoring.Contracts;
using MlOps.Modules.Pipeline.Contracts;

namespace MlOps.Modules.Monitoring.Drift;

/// <summary>
/// Compares a window of a model's traffic with the dataset version it was trained on, column by column
/// (<see cref="ColumnDrift"/>), and its predictions with the training labels. Ask the catalog for the reference with
/// <c>IDatasetCatalog.GetReferenceSampleAsync(dataset, version, ReferenceSampleRows, …)</c>.
/// </summary>
internal static class DriftAnalyzer
{
    /// <summary>
    /// Reference rows to sample: every row up to 1000 (the p-value tests need the whole reference, as Evidently uses it),
    /// and beyond that enough for the distances to be within about 1% of their value over the whole version.
    /// </summary>
    public const int ReferenceSampleRows = 10_000;

    public const double DatasetDriftShare = 0.5;

    /// <summary>
    /// The drift report. <paramref name="featureColumns"/> are the model's inputs and <paramref name="labelColumn"/> its
    /// label, whose training distribution the predictions are compared with (none when null or when the window carries
    /// no predictions). For an image dataset the features are its <see cref="ImageMeasures"/> and the label its class,
    /// whatever is passed.
    /// </summary>
    public static DriftReport Analyze(ReferenceSample reference, IReadOnlyList<string> featureColumns, string? labelColumn, CurrentWindow current)
    {
        var (features, label) = reference.Kind == DatasetKind.Image ? (ImageMeasures.Names, ImageMeasures.LabelColumn) : (featureColumns, labelColumn);
        var measured = new List<DriftFeature>();
        var skipped = new List<DriftSkippedColumn>();
        foreach (var name in features)
        {
            if (Compare(name, reference.Column(name), current.Inputs.GetValueOrDefault(name), out var reason) is { } feature) measured.Add(feature);
            else skipped.Add(new DriftSkippedColumn(name, reason!));
        }

        DriftFeature? prediction = null;
        if (label is not null && current.Predictions is not null)
        {
            prediction = Compare(label, reference.Column(label), current.Predictions, out var reason);
            if (prediction is null) skipped.Add(new DriftSkippedColumn(label, $"Predictions: {reason}"));
        }

        var share = measured.Count == 0 ? 0 : (double)measured.Count(f => f.Drifted) / measured.Count;
        return new DriftReport(
            new DriftReference(reference.Dataset, reference.Version, reference.RowCount),
            new DriftCurrent(current.Rows),
            measured,
            share,
            measured.Count > 0 && share >= DatasetDriftShare,
            prediction,
            skipped);
    }

    private static DriftFeature? Compare(string name, ReferenceColumn? reference, CurrentColumn? current, out string? reason)
    {
        reason = null;
        if (reference is null)
        {
            reason = "The training data has no numeric, categorical or boolean column of this name.";
            return null;
        }

        if (reference.Type == ColumnType.Numeric)
        {
            var expected = reference.Numbers!.Where(n => n.HasValue).Select(n => n!.Value).ToArray();
            var observed = current?.PresentNumbers() ?? [];
            reason = Emptiness(expected.Length, observed.Length);
            return reason is null ? ColumnDrift.Numeric(name, expected, observed, reference.Present) : null;
        }

        var normalise = reference.Type == ColumnType.Boolean ? BooleanText : (Func<string, string>)(text => text);
        var categories = reference.Values!.Where(v => v is not null).Select(v => normalise(v!)).ToArray();
        var seen = current?.PresentTexts().Select(normalise).ToArray() ?? [];
        reason = Emptiness(categories.Length, seen.Length);
        return reason is null ? ColumnDrift.Categorical(name, categories, seen, reference.Present) : null;
    }

    private static string? Emptiness(int referenceValues, int currentValues) =>
        referenceValues == 0 ? "The training data has no values in this column."
        : currentValues == 0 ? "The window holds no values for this column."
        : null;

    /// <summary>A boolean written True, TRUE or true is one category.</summary>
    private static string BooleanText(string text) => bool.TryParse(text, out var value) ? value ? "true" : "false" : text;
}
