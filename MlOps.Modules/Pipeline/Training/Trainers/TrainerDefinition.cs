using Microsoft.ML;
using MlOps.Modules.Pipeline.Contracts;

namespace MlOps.Modules.Pipeline.Training.Trainers;

internal delegate IEstimator<ITransformer> TrainerFactory(MLContext ml, TrainingTask task, TrialParameters parameters);

internal sealed record TrainerDefinition(
    string Name,
    string Description,
    IReadOnlyList<TrainingTask> Tasks,
    bool NeedsNormalization,
    IReadOnlyList<HyperparameterRange> Hyperparameters,
    TrainerFactory Create)
{
    /// <summary>Trains on the ResNet-18 features of an image dataset's pictures instead of (or besides) their pixels.</summary>
    public bool ReadsResNet18Features { get; init; }

    /// <summary>
    /// For a trainer with a hyperparameter that only some settings read: the point with such values put back to their
    /// defaults where they change nothing, so a grid does not try the same model twice.
    /// </summary>
    public Func<IReadOnlyDictionary<string, double>, IReadOnlyDictionary<string, double>> Effective { get; init; } = point => point;

    public Contracts.TrainerInfo ToInfo() => new(Name, Description, Tasks, Hyperparameters);

    public bool Supports(TrainingTask task) => Tasks.Contains(task);
}
