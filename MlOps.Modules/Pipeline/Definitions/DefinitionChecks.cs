using MlOps.Modules.Pipeline.Contracts;
using MlOps.Modules.Pipeline.Training.Loading;
using MlOps.Modules.Platform.Contracts;

namespace MlOps.Modules.Pipeline.Definitions;

/// <summary>What only the dataset can tell: that it exists, fits the task, and has the named columns.</summary>
internal static class DefinitionChecks
{
    public static async Task<Dictionary<string, string[]>> CheckAsync(PipelineDefinition definition, IDatasetCatalog datasets, CancellationToken cancellationToken)
    {
        var problems = new Dictionary<string, string[]>();
        var version = await datasets.GetVersionAsync(definition.Dataset, definition.DatasetVersion, cancellationToken);
        if (version is null)
        {
            problems["dataset"] = [definition.DatasetVersion is null
                ? $"There is no dataset '{definition.Dataset}'."
                : $"Dataset '{definition.Dataset}' has no version {definition.DatasetVersion}."];
            return problems;
        }

        var isImage = version.Kind == DatasetKind.Image;
        if (isImage != (definition.Task == TrainingTask.ImageClassification))
        {
            problems["task"] = [isImage
                ? $"'{definition.Dataset}' is an image dataset: use the ImageClassification task."
                : $"'{definition.Dataset}' is tabular: ImageClassification needs an image dataset."];
            return problems;
        }

        if (isImage)
        {
            if (definition.Label != ImageFolderLoader.LabelColumn) problems["label"] = ["An image dataset's label is its folder name: use 'Label'."];
            return problems;
        }

        var columns = version.Columns.ToDictionary(c => c.Name, StringComparer.Ordinal);
        if (!columns.TryGetValue(definition.Label, out var label))
            problems["label"] = [$"'{definition.Label}' is not a column of {definition.Dataset}; its columns are {string.Join(", ", columns.Keys)}."];
        else if (definition.Task == TrainingTask.Regression && label.Type != ColumnType.Numeric)
            problems["label"] = [$"Regression needs a numeric label; '{definition.Label}' is {label.Type}."];

        var unknown = (definition.Features ?? []).Concat(definition.Ignore ?? []).Where(c => !columns.ContainsKey(c)).ToList();
        if (unknown.Count > 0) problems["features"] = [$"Not columns of {definition.Dataset}: {string.Join(", ", unknown)}."];
        if ((definition.Features ?? []).Contains(definition.Label)) problems["features"] = ["The label cannot also be a feature."];

        var remaining = definition.Features is { Count: > 0 } ? definition.Features.Count
            : columns.Keys.Count(c => c != definition.Label && !(definition.Ignore ?? []).Contains(c));
        if (remaining == 0) problems["features"] = ["No feature columns are left to learn from."];
        return problems;
    }

    public static OperationResult<T> Invalid<T>(Dictionary<string, string[]> problems) => OperationResult<T>.Fail(OperationError.Invalid, problems);
}
