using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using MlOps.Modules.Pipeline.Contracts;
using MlOps.Modules.Platform.Contracts;
using MlOps.Modules.Registry.Contracts;
using MlOps.Modules.Serving.Models.Onnx;

namespace MlOps.Modules.Serving.Models;

/// <summary>Reads a verified version from the Registry, learns its columns' known values and builds pooled engines, warmed once.</summary>
internal sealed class ModelLoader(IServiceScopeFactory scopes, TimeProvider clock)
{
    public async Task<OperationResult<LoadedModel>> LoadAsync(string name, int version, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        await using var scope = scopes.CreateAsyncScope();
        var registry = scope.ServiceProvider.GetRequiredService<IModelRegistry>();
        var verified = await registry.LoadAsync(name, ModelSelector.ForVersion(version), cancellationToken);
        if (!verified.Succeeded) return OperationResult<LoadedModel>.Fail(verified.Error, verified.Problems);

        var details = verified.Value!.Version;
        var statistics = details.Dataset is { } dataset
            ? await scope.ServiceProvider.GetRequiredService<IDatasetCatalog>().GetReferenceStatisticsAsync(dataset.Name, dataset.Version, cancellationToken)
            : null;
        var columns = details.InputSchema.Select(c => ColumnOf(c, statistics)).ToList();
        var labels = details.Labels ?? [];

        var model = await Task.Run(() =>
        {
            var scorer = details.Format == ModelFormat.Onnx
                ? new OnnxScorer(verified.Value.Content, details.Onnx!)
                : ModelScorer.Create(verified.Value, columns, details.Task, labels);
            return new LoadedModel(name, version, details.Task, columns, labels, scorer, clock.GetUtcNow().UtcDateTime, Stopwatch.GetElapsedTime(started), details.Onnx);
        }, cancellationToken);
        if (!model.IsImageModel) WarmUp(model);
        return OperationResult<LoadedModel>.Ok(model);
    }

    /// <summary>The first prediction through an engine compiles its pipeline; do it here, not on a caller's request.</summary>
    private static void WarmUp(LoadedModel model)
    {
        var row = model.NewRow();
        for (var i = 0; i < model.Columns.Count; i++)
        {
            var column = model.Columns[i];
            row.Numbers[i] = column.Min is { } min && column.Max is { } max ? (float)((min + max) / 2) : float.NaN;
            row.Texts[i] = column.Categories?.FirstOrDefault() ?? "";
        }

        model.Score(row);
    }

    private static InputColumn ColumnOf(SchemaColumn column, ReferenceStatistics? statistics)
    {
        var kind = Enum.TryParse<InputKind>(column.Type, out var parsed) ? parsed : InputKind.Text;
        var seen = statistics?.Columns.FirstOrDefault(s => s.Name == column.Name);
        var categories = kind is InputKind.Categorical or InputKind.Boolean && seen?.Frequencies is { } frequencies && frequencies.Count >= seen.Distinct
            ? frequencies.Keys.ToHashSet(StringComparer.Ordinal)
            : null;
        return new InputColumn(column.Name, kind, seen?.Min, seen?.Max, categories);
    }
}
