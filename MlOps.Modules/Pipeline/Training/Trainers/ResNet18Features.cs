using Microsoft.ML;
using MlOps.Modules.Pipeline.Contracts;

namespace MlOps.Modules.Pipeline.Training.Trainers;

/// <summary>
/// Transfer learning for images: a tabular trainer (the head) on the ResNet-18 features of each picture, with its
/// pixels alongside or not. The search chooses the head and whether pixels help, on the validation split.
/// </summary>
internal static class ResNet18Features
{
    public const string Name = "ResNet18Features";

    /// <summary>The heads in the order of the <c>head</c> hyperparameter's values.</summary>
    public static readonly IReadOnlyList<string> Heads = ["LightGbm", "Lbfgs", "Sdca"];

    public static readonly TrainerDefinition Definition = new(
        Name,
        $"Pretrained ResNet-18 (ImageNet) features of each picture under a tabular trainer: head 0 = {Heads[0]}, 1 = {Heads[1]}, 2 = {Heads[2]}; withPixels 1 adds the raw pixels.",
        [TrainingTask.ImageClassification],
        false,
        [
            // Logistic regression first: the usual head on pretrained features, and a grid from it reaches both other heads.
            new("head", HyperparameterKind.Integer, 0, Heads.Count - 1, 1, LogScale: false),
            new("withPixels", HyperparameterKind.Integer, 0, 1, 1, LogScale: false),
        ],
        Create)
    {
        ReadsResNet18Features = true,
    };

    public static bool WithPixels(TrialParameters parameters) => parameters.Int("withPixels") == 1;

    private static IEstimator<ITransformer> Create(MLContext ml, TrainingTask task, TrialParameters parameters)
    {
        var head = TrainerCatalog.Tabular.Single(t => t.Name == Heads[parameters.Int("head")]);
        var trainer = head.Create(ml, task, new TrialParameters(head, new Dictionary<string, double>()));
        return head.NeedsNormalization ? ml.Transforms.NormalizeMinMax(TrainerCatalog.Features).Append(trainer) : trainer;
    }
}
