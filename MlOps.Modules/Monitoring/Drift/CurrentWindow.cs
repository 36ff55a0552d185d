namespace MlOps.Modules.Monitoring.Drift;

/// <summary>
/// The logged traffic to compare with the reference, column by column: the inputs by name and, when known, what the
/// model predicted for each row (a class label, or a value for regression).
/// </summary>
internal sealed record CurrentWindow(int Rows, IReadOnlyDictionary<string, CurrentColumn> Inputs, CurrentColumn? Predictions)
{
    /// <summary>From logged rows: each row's inputs by column name (as <c>PredictionEvent.Inputs</c>) and, optionally, each row's prediction.</summary>
    public static CurrentWindow FromRows(IReadOnlyList<IReadOnlyDictionary<string, object?>> inputs, IReadOnlyList<object?>? predictions = null)
    {
        if (predictions is not null && predictions.Count != inputs.Count)
            throw new ArgumentException($"{predictions.Count} predictions for {inputs.Count} rows; give one per row.", nameof(predictions));
        var names = inputs.SelectMany(row => row.Keys).Distinct(StringComparer.Ordinal);
        var columns = names.ToDictionary(
            name => name,
            name => CurrentColumn.FromValues(inputs.Select(row => row.GetValueOrDefault(name)).ToArray()),
            StringComparer.Ordinal);
        return new CurrentWindow(inputs.Count, columns, predictions is null ? null : CurrentColumn.FromValues(predictions));
    }
}
