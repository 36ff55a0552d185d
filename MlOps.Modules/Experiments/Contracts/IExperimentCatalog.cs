using MlOps.Modules.Platform.Contracts;

namespace MlOps.Modules.Experiments.Contracts;

/// <summary>Reading experiments and runs: the API, the UI and other modules all go through here.</summary>
public interface IExperimentCatalog
{
    Task<OperationResult<ExperimentSummary>> CreateExperimentAsync(NewExperiment experiment, string actor, CancellationToken cancellationToken);

    Task<Paged<ExperimentSummary>> ListExperimentsAsync(string? search, LifecycleView view, PageRequest page, CancellationToken cancellationToken);

    Task<ExperimentSummary?> GetExperimentAsync(string id, CancellationToken cancellationToken);

    Task<ExperimentSummary?> GetExperimentByNameAsync(string name, CancellationToken cancellationToken);

    Task<ExperimentKeys> GetKeysAsync(string experimentId, CancellationToken cancellationToken);

    Task<RunDetails?> GetRunAsync(string runId, CancellationToken cancellationToken);

    /// <summary>Searches runs; a malformed filter or order is Invalid with a message that names the position.</summary>
    Task<OperationResult<Paged<RunDetails>>> SearchRunsAsync(RunQuery query, CancellationToken cancellationToken);

    Task<MetricHistory?> GetMetricHistoryAsync(string runId, string key, CancellationToken cancellationToken);

    Task<OperationResult<IReadOnlyList<ArtifactInfo>>> ListArtifactsAsync(string runId, string? path, CancellationToken cancellationToken);
}
