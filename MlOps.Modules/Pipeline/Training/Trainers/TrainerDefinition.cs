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

    public Contracts.TrainerInfo ToInfo() => new(Name, Description, Tasks, Hyperparameters);

    public bool Supports(TrainingTask task) => Tasks.Contains(task);
}
