using System.Globalization;
using MlOps.Modules.Pipeline.Contracts;
using MlOps.Modules.Registry.Contracts;

namespace MlOps.Modules.Registry.Versions;

/// <summary>
/// The optional <c>referenceDataset</c> of an uploaded ONNX version: a stored dataset version (<c>name</c> for its latest,
/// or <c>name:version</c>) holding the model's training data, which Monitoring compares the version's traffic with.
/// </summary>
internal static class ReferenceDatasetChecks
{
    public static async Task<(DatasetReference? Reference, string? Problem)> ResolveAsync(string given, OnnxSignature? signature, IDatasetCatalog datasets,
        CancellationToken cancellationToken)
    {
        var parts = given.Trim().Split(':', 2);
        int? number = null;
        if (parts.Length == 2)
        {
            if (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) || parsed < 1)
                return (null, $"referenceDataset is a dataset name, or name:version with a positive version; not '{given}'.");
            number = parsed;
        }

        var version = await datasets.GetVersionAsync(parts[0], number, cancellationToken);
        if (version is null) return (null, $"There is no dataset '{parts[0]}'{(number is { } n ? $" version {n}" : "")}: upload the model's training data as a dataset first.");
        var readsImages = signature?.Image is not null;
        if (readsImages != (version.Kind == DatasetKind.Image))
            return (null, $"Dataset '{version.Name}' holds {(version.Kind == DatasetKind.Image ? "pictures" : "CSV rows")}; the model reads {(readsImages ? "pictures" : "columns")}.");
        var present = version.Columns.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var missing = signature?.Inputs?.SelectMany(i => i.Columns).Where(c => !present.Contains(c)).ToList() ?? [];
        return missing.Count > 0
            ? (null, $"Dataset '{version.Name}' version {version.Version} lacks the signature's column(s) {string.Join(", ", missing.Select(c => $"'{c}'"))}.")
            : (new DatasetReference(version.Name, version.Version, version.ContentHash), null);
    }
}
