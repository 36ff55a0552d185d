using MlOps.Modules.Platform.Contracts;

namespace MlOps.Modules.Pipeline.Contracts;

/// <summary>Defining, running and scheduling training pipelines.</summary>
public interface IPipelineService
{
    IReadOnlyList<TrainerInfo> GetTrainers(TrainingTask? task);

    Task<Paged<PipelineSummary>> ListAsync(PageRequest page, CancellationToken cancellationToken);

    Task<PipelineDetails?> GetAsync(string name, CancellationToken cancellationToken);

    /// <summary>The pipelines whose <see cref="PipelineDefinition.ModelName"/> is <paramref name="model"/>, by name.</summary>
    Task<IReadOnlyList<PipelineDetails>> FindByModelAsync(string model, CancellationToken cancellationToken);

    /// <summary>Creates a pipeline; Conflict when the name is taken, Invalid when the definition does not fit its dataset.</summary>
    Task<OperationResult<PipelineDetails>> CreateAsync(PipelineDefinition definition, string actor, CancellationToken cancellationToken);

    Task<OperationResult<PipelineDetails>> UpdateAsync(string name, PipelineDefinition definition, string actor, CancellationToken cancellationToken);

    Task<OperationResult<PipelineDetails>> SetScheduleAsync(string name, ScheduleSettings schedule, string actor, CancellationToken cancellationToken);

    /// <summary>Queues a run; Conflict when a run of the pipeline is already queued or running.</summary>
    Task<OperationResult<PipelineRunDetails>> StartRunAsync(string name, string trigger, string actor, CancellationToken cancellationToken);

    Task<PipelineRunDetails?> GetRunAsync(string id, CancellationToken cancellationToken);

    Task<Paged<PipelineRunDetails>> ListRunsAsync(string? pipeline, PageRequest page, CancellationToken cancellationToken);

    /// <summary>How many runs there are in each status; a status without runs is absent.</summary>
    Task<IReadOnlyDictionary<PipelineRunStatus, int>> CountRunsByStatusAsync(CancellationToken cancellationToken);

    /// <summary>Cancels a queued or running run; Conflict when it has already ended.</summary>
    Task<OperationResult<PipelineRunDetails>> CancelRunAsync(string id, string actor, CancellationToken cancellationToken);
}
