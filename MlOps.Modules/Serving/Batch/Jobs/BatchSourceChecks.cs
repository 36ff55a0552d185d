using MlOps.Modules.Pipeline.Contracts;
using MlOps.Modules.Platform.Contracts;
using MlOps.Modules.Serving.Contracts;
using MlOps.Modules.Serving.Models;
using MlOps.Modules.Serving.Predict;

namespace MlOps.Modules.Serving.Batch.Jobs;

/// <summary>What only the registry and the datasets can tell: that the model exists and the dataset fits it (its columns, or pictures for an image model).</summary>
internal sealed class BatchSourceChecks(PredictionService service, IDatasetCatalog datasets)
{
    public Task<OperationResult<LoadedModel>> ModelAsync(ServingTarget target, CancellationToken cancellationToken) => service.ResolveAsync(target, cancellationToken);

    public async Task<OperationResult<DatasetVersionInfo>> DatasetAsync(LoadedModel model, BatchSource source, CancellationToken cancellationToken)
    {
        var version = await datasets.GetVersionAsync(source.Dataset, source.Version, cancellationToken);
        if (version is null)
            return OperationResult<DatasetVersionInfo>.Fail(OperationError.NotFound, "source.dataset",
                $"There is no dataset '{source.Dataset}'{(source.Version is { } n ? $" version {n}" : "")}.");
        if (model.IsImageModel)
            return version.Kind == DatasetKind.Image
                ? OperationResult<DatasetVersionInfo>.Ok(version)
                : OperationResult<DatasetVersionInfo>.Fail(OperationError.Invalid, "source.dataset", $"Model '{model.Name}' scores pictures; dataset '{source.Dataset}' holds CSV rows.");
        if (version.Kind != DatasetKind.Tabular)
            return OperationResult<DatasetVersionInfo>.Fail(OperationError.Invalid, "source.dataset", $"Dataset '{source.Dataset}' holds images; model '{model.Name}' scores CSV rows.");
        var missing = Missing(model, version.Columns.Select(c => c.Name));
        return missing.Count > 0
            ? OperationResult<DatasetVersionInfo>.Fail(OperationError.Invalid, "source.dataset",
                $"Dataset '{version.Name}' version {version.Version} lacks the model's column(s) {string.Join(", ", missing)}.")
            : OperationResult<DatasetVersionInfo>.Ok(version);
    }

    /// <summary>The model's columns a CSV header lacks, quoted for a message.</summary>
    public static IReadOnlyList<string> Missing(LoadedModel model, IEnumerable<string> header)
    {
        var present = header.Select(h => h.Trim()).ToHashSet(StringComparer.Ordinal);
        return model.Columns.Where(c => !present.Contains(c.Name)).Select(c => $"'{c.Name}'").ToList();
    }
}
