using MlOps.Modules.Monitoring.Contracts;
using MlOps.Modules.Pipeline.Contracts;
using MlOps.Modules.Platform.Contracts;
using MlOps.Modules.Registry.Contracts;

namespace MlOps.Modules.Monitoring.Drift;

/// <summary>Gathers what <see cref="DriftAnalyzer"/> compares: the version's lineage, its training data and its logged traffic.</summary>
internal sealed class DriftMonitor(IModelRegistry registry, IDatasetCatalog datasets, IPipelineService pipelines, IMonitoringQueries queries) : IDriftMonitor
{
    public async Task<OperationResult<DriftReport>> GetDriftAsync(string model, int? version, TimeWindow window, CancellationToken cancellationToken)
    {
        var selector = version is { } number ? ModelSelector.ForVersion(number) : ModelSelector.ForAlias(IModelRegistry.ProductionAlias);
        var details = await registry.GetVersionAsync(model, selector, cancellationToken);
        if (details is null)
        {
            return version is null && await registry.GetModelAsync(model, cancellationToken) is not null
                ? OperationResult<DriftReport>.Fail(OperationError.Invalid, "version", $"Model '{model}' has no version in production; name a version.")
                : OperationResult<DriftReport>.Fail(OperationError.NotFound, "name", $"There is no model '{model}' {selector}.");
        }

        if (details.Dataset is not { } dataset)
            return OperationResult<DriftReport>.Fail(OperationError.Invalid, "version", details.Format == ModelFormat.Onnx
                ? $"Version {details.Version} of '{model}' was uploaded as ONNX without a reference dataset, so there is nothing to compare its traffic with. "
                    + "Upload its training data as a dataset and register the file again with the form field referenceDataset=<name>[:<version>]."
                : $"Version {details.Version} of '{model}' has no training dataset on record to compare with.");
        var reference = await datasets.GetReferenceSampleAsync(dataset.Name, dataset.Version, DriftAnalyzer.ReferenceSampleRows, cancellationToken);
        if (reference is null)
            return OperationResult<DriftReport>.Fail(OperationError.Invalid, "version", $"The training data of version {details.Version}, {dataset.Name} version {dataset.Version}, is no longer stored.");

        var inputs = new List<IReadOnlyDictionary<string, object?>>();
        var predictions = new List<object?>();
        await foreach (var logged in queries.ReadWindowAsync(model, details.Version, window, IDriftMonitor.MaxWindowRows, cancellationToken))
        {
            inputs.Add(logged.Inputs);
            predictions.Add(logged.Output.Label ?? (object?)logged.Output.Value);
        }

        var features = details.InputSchema.Select(c => c.Name).ToList();
        var label = await LabelColumnAsync(details, cancellationToken);
        return OperationResult<DriftReport>.Ok(DriftAnalyzer.Analyze(reference, features, label, CurrentWindow.FromRows(inputs, predictions)));
    }

    /// <summary>The label is not part of the registry's lineage: the pipeline run that trained the version knows it.</summary>
    private async Task<string?> LabelColumnAsync(ModelVersionDetails details, CancellationToken cancellationToken)
    {
        if (details.PipelineRunId is null || await pipelines.GetRunAsync(details.PipelineRunId, cancellationToken) is not { } run) return null;
        return (await pipelines.GetAsync(run.Pipeline, cancellationToken))?.Definition.Label;
    }
}
