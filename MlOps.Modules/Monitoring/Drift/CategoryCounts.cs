using System.Globalization;

namespace MlOps.Modules.Monitoring.Drift;

/// <summary>How often each value occurs in the reference and the current sample, over the union of values seen in either, in value order.</summary>
internal sealed record CategoryCounts(IReadOnlyList<string> Categories, int[] Reference, int[] Current)
{
    public int ReferenceTotal { get; } = Reference.Sum();

    public int CurrentTotal { get; } = Current.Sum();

    public static CategoryCounts Of(IReadOnlyCollection<string> reference, IReadOnlyCollection<string> current) =>
        Of(reference, current, StringComparer.Ordinal, value => value);

    /// <summary>Numbers counted as categories, as Evidently does for a numeric column with few distinct values.</summary>
    public static CategoryCounts Of(IReadOnlyCollection<double> reference, IReadOnlyCollection<double> current) =>
        Of(reference, current, Comparer<double>.Default, value => value.ToString("R", CultureInfo.InvariantCulture));

    private static CategoryCounts Of<T>(IReadOnlyCollection<T> reference, IReadOnlyCollection<T> current, IComparer<T> order, Func<T, string> label)
        where T : notnull
    {
        var counts = new SortedDictionary<T, (int Reference, int Current)>(order);
        foreach (var value in reference) counts[value] = counts.GetValueOrDefault(value) with { Reference = counts.GetValueOrDefault(value).Reference + 1 };
        foreach (var value in current) counts[value] = counts.GetValueOrDefault(value) with { Current = counts.GetValueOrDefault(value).Current + 1 };
        return new CategoryCounts(
            counts.Keys.Select(label).ToArray(),
            counts.Values.Select(c => c.Reference).ToArray(),
            counts.Values.Select(c => c.Current).ToArray());
    }
}
