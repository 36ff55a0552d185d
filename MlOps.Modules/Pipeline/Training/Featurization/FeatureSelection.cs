using MlOps.Modules.Pipeline.Contracts;

namespace MlOps.Modules.Pipeline.Training.Featurization;

internal static class FeatureSelection
{
    /// <summary>The listed features, or every column but the label and the ignored ones.</summary>
    public static IReadOnlyList<FeatureColumn> Choose(IReadOnlyList<DatasetColumn> schema, string label, IReadOnlyList<string>? features, IReadOnlyList<string>? ignore)
    {
        var chosen = features is { Count: > 0 }
            ? schema.Where(c => features.Contains(c.Name, StringComparer.Ordinal))
            : schema.Where(c => c.Name != label && !(ignore ?? []).Contains(c.Name, StringComparer.Ordinal));
        return chosen.Select(c => new FeatureColumn(c.Name, c.Type)).ToList();
    }
}
