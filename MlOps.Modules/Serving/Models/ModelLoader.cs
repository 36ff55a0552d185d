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
        if (!details.Servable)
        {
            var flavors = details.Flavors is { Count: > 0 } named ? $" (its flavors: {string.Join(", ", named)})" : "";
            return OperationResult<LoadedModel>.Fail(OperationError.Conflict, "version",
                $"Version {version} of '{name}' is stored but not servable here: MlOps serves ML.NET and ONNX models and never loads or runs the others{flavors}.");
        }

        var statistics = details.Dataset is { } dataset
            ? await scope.ServiceProvider.GetRequiredService<IDatasetCatalog>().GetReferenceStatisticsAsync(dataset.Name, dataset.Version, cancellationToken)
            : null;
        var columns = details.InputSchema.Select(c => ColumnOf(c, statistics)).ToList();
        var model = await Task.Run(() => Build(name, version, details.Task, columns, details.Labels ?? [], verified.Value.Content, details.Onnx, started), cancellationToken);
        if (!model.IsImageModel) WarmUp(model);
        return OperationResult<LoadedModel>.Ok(model);
    }

    /// <summary>Builds and scores a candidate version once, as a load would; the exception says why it cannot serve.</summary>
    public void Try(ModelVersionCandidate candidate)
    {
        var columns = candidate.InputSchema.Select(c => ColumnOf(c, null)).ToList();
        var model = Build("candidate", 0, candidate.Task, columns, candidate.Labels ?? [], candidate.Content, candidate.Onnx, Stopwatch.GetTimestamp());
        if (!model.IsImageModel) WarmUp(model);
    }

    private LoadedModel Build(string name, int version, string task, IReadOnlyList<InputColumn> columns, IReadOnlyList<string> labels, ReadOnlyMemory<byte> content,
        OnnxModelSchema? onnx, long started)
    {
        var scorer = onnx is null ? ModelScorer.Create(content, columns, task, labels) : new OnnxScorer(content, onnx);
        return new LoadedModel(name, version, task, columns, labels, scorer, clock.GetUtcNow().UtcDateTime, Stopwatch.GetElapsedTime(started), onnx);
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
        // A version registered from a run artifact describes its columns by ML.NET type; Single is the one numeric type an engine row carries.
        var kind = column.Type == nameof(Single) ? InputKind.Numeric : Enum.TryParse<InputKind>(column.Type, out var parsed) ? parsed : InputKind.Text;
        var seen = statistics?.Columns.FirstOrDefault(s => s.Name == column.Name);
        var categories = kind is InputKind.Categorical or InputKind.Boolean && seen?.Frequencies is { } frequencies && frequencies.Count >= seen.Distinct
            ? frequencies.Keys.ToHashSet(StringComparer.Ordinal)
            : null;
        return new InputColumn(column.Name, kind, seen?.Min, seen?.Max, categories, column.FlipPass && kind == InputKind.Image);
    }
}
