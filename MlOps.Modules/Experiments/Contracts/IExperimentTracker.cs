using MlOps.Modules.Platform.Contracts;

namespace MlOps.Modules.Experiments.Contracts;

/// <summary>
/// How training code records what it did. Writes are short SQLite transactions in WAL mode, so readers
/// (the UI, searches) never hold them up.
/// </summary>
public interface IExperimentTracker
{
    Task<ExperimentSummary> GetOrCreateExperimentAsync(string name, string actor, CancellationToken cancellationToken);

    Task<OperationResult<RunCreated>> CreateRunAsync(string experimentId, NewRun run, string actor, CancellationToken cancellationToken);

    Task<OperationResult<LogReceipt>> LogAsync(string runId, RunLog log, string actor, CancellationToken cancellationToken);

    Task<OperationResult<ExperimentSummary>> RenameExperimentAsync(string experimentId, string newName, string actor, CancellationToken cancellationToken);

    /// <summary>
    /// Soft-deletes or restores an experiment. Deleting marks its active runs deleted too and restoring brings back the runs
    /// that deletion marked, as MLflow does. NotFound when there is no such experiment, Conflict when it is already in that stage.
    /// </summary>
    Task<OperationResult<ExperimentSummary>> SetExperimentLifecycleAsync(string experimentId, LifecycleStage stage, string actor, CancellationToken cancellationToken);

    /// <summary>Soft-deletes or restores a run; NotFound when there is no such run, Conflict when it is already in that stage.</summary>
    Task<OperationResult<RunDetails>> SetRunLifecycleAsync(string runId, LifecycleStage stage, string actor, CancellationToken cancellationToken);

    /// <summary>Removes a tag from a run; NotFound when the run or the tag is missing.</summary>
    Task<OperationResult<string>> DeleteTagAsync(string runId, string key, string actor, CancellationToken cancellationToken);

    Task<OperationResult<RunDetails>> UpdateRunAsync(string runId, RunUpdate update, string actor, CancellationToken cancellationToken);

    Task<OperationResult<ArtifactInfo>> AttachArtifactAsync(string runId, string path, Stream content, string actor, CancellationToken cancellationToken);

    Task<OperationResult<string>> DeleteArtifactAsync(string runId, string path, string actor, CancellationToken cancellationToken);

    /// <summary>Opens a run's artifact for reading; NotFound when the run or the file is missing, Invalid for a bad path.</summary>
    Task<OperationResult<Stream>> OpenArtifactAsync(string runId, string path, CancellationToken cancellationToken);
}
