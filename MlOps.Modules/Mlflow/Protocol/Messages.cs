namespace MlOps.Modules.Mlflow.Protocol;

// The request and response messages of MLflow's service.proto and model_registry.proto that MlOps answers,
// named as there so the snake_case policy yields MLflow's field names.

internal sealed record MlflowTag(string Key, string Value);

internal sealed record MlflowParam(string Key, string Value);

/// <summary>In a run's data MlOps keeps only each metric's latest value, so timestamp and step are left out there.</summary>
internal sealed record MlflowMetric(string Key, double Value, long? Timestamp = null, long? Step = null);

internal sealed record MlflowExperiment(
    string ExperimentId, string Name, string ArtifactLocation, string LifecycleStage, long CreationTime, long LastUpdateTime, IReadOnlyList<MlflowTag> Tags);

internal sealed record MlflowRunInfo(
    string RunId, string RunUuid, string RunName, string ExperimentId, string UserId, string Status, long StartTime, long? EndTime,
    string ArtifactUri, string LifecycleStage);

internal sealed record MlflowRunData(IReadOnlyList<MlflowMetric> Metrics, IReadOnlyList<MlflowParam> Params, IReadOnlyList<MlflowTag> Tags);

internal sealed record MlflowDataset(string Name, string Digest, string? SourceType, string? Source, string? Schema, string? Profile);

internal sealed record MlflowDatasetInput(IReadOnlyList<MlflowTag>? Tags, MlflowDataset Dataset);

internal sealed record MlflowRunInputs(IReadOnlyList<MlflowDatasetInput> DatasetInputs);

internal sealed record MlflowRun(MlflowRunInfo Info, MlflowRunData Data, MlflowRunInputs Inputs);

internal sealed record MlflowFileInfo(string Path, bool IsDir, long? FileSize);

internal sealed record CreateExperimentRequest(string? Name, string? ArtifactLocation, List<MlflowTag>? Tags);

internal sealed record ExperimentIdRequest(string? ExperimentId);

internal sealed record ExperimentNameRequest(string? ExperimentName);

internal sealed record UpdateExperimentRequest(string? ExperimentId, string? NewName);

internal sealed record SearchRequest(int? MaxResults, string? PageToken, string? Filter, List<string>? OrderBy, string? ViewType);

internal sealed record SearchRunsRequest(List<string>? ExperimentIds, string? Filter, string? RunViewType, int? MaxResults, List<string>? OrderBy, string? PageToken);

internal sealed record CreateRunRequest(string? ExperimentId, string? UserId, string? RunName, long? StartTime, List<MlflowTag>? Tags);

internal sealed record RunIdRequest(string? RunId, string? RunUuid)
{
    public string? Id => RunId ?? RunUuid;
}

internal sealed record UpdateRunRequest(string? RunId, string? RunUuid, string? Status, long? EndTime, string? RunName)
{
    public string? Id => RunId ?? RunUuid;
}

internal sealed record LogMetricRequest(string? RunId, string? RunUuid, string? Key, double? Value, long? Timestamp, long? Step)
{
    public string? Id => RunId ?? RunUuid;
}

internal sealed record RunKeyValueRequest(string? RunId, string? RunUuid, string? Key, string? Value)
{
    public string? Id => RunId ?? RunUuid;
}

internal sealed record LogBatchRequest(string? RunId, List<MlflowMetric>? Metrics, List<MlflowParam>? Params, List<MlflowTag>? Tags);

internal sealed record LogInputsRequest(string? RunId, List<MlflowDatasetInput>? Datasets);

internal sealed record MetricHistoryRequest(string? RunId, string? RunUuid, string? MetricKey, int? MaxResults, string? PageToken)
{
    public string? Id => RunId ?? RunUuid;
}

internal sealed record ListArtifactsRequest(string? RunId, string? RunUuid, string? Path, string? PageToken)
{
    public string? Id => RunId ?? RunUuid;
}
