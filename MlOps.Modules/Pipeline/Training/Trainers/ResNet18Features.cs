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

    /// <summary>The logistic-regression head, the one <c>l2Regularization</c> applies to.</summary>
    private const int LinearHead = 1;
    private const double DefaultL2 = 56;

    public static readonly TrainerDefinition Definition = new(
        Name,
        $"Pretrained ResNet-18 (ImageNet) features of each picture under a tabular trainer: head 0 = {Heads[0]}, 1 = {Heads[1]}, 2 = {Heads[2]}; withPixels 1 adds the raw pixels; l2Regularization is the {Heads[1]} head's penalty on the standardised features.",
        [TrainingTask.ImageClassification],
        false,
        [
            // Logistic regression first: the usual head on pretrained features, and a grid from it reaches both other heads.
            new("head", HyperparameterKind.Integer, 0, Heads.Count - 1, LinearHead, LogScale: false),
            new("withPixels", HyperparameterKind.Integer, 0, 1, 1, LogScale: false),
            // Measured with pixels on 3,000 training and 1,000 test pictures (bench/images.sh): the catalog's 1e-3
            // overfits 1,500 standardised features (MNIST 0.954); digits do best from 3 to 56
            // (0.961-0.963), clothes from 56 to 300 (0.890-0.896). The default sits where both ranges meet; a grid
            // then tries about 6 and 180, one on each side.
            new("l2Regularization", HyperparameterKind.Float, 1, 1000, DefaultL2, LogScale: true),
        ],
        Create)
    {
        ReadsResNet18Features = true,
        Effective = point => point.GetValueOrDefault("head", LinearHead) == LinearHead
            ? point
            : new Dictionary<string, double>(point) { ["l2Regularization"] = DefaultL2 },
    };

    public static bool WithPixels(TrialParameters parameters) => parameters.Int("withPixels") == 1;

    /// <summary>
    /// Linear heads read standardised features (zero mean, unit variance, as for any embedding); the logistic
    /// regression takes its L2 penalty from the search, the other heads keep their catalog defaults.
    /// </summary>
    private static IEstimator<ITransformer> Create(MLContext ml, TrainingTask task, TrialParameters parameters)
    {
        var head = TrainerCatalog.Tabular.Single(t => t.Name == Heads[parameters.Int("head")]);
        IEstimator<ITransformer> trainer = parameters.Int("head") == LinearHead
            ? ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(TrainerCatalog.Label, TrainerCatalog.Features,
                l1Regularization: 0, l2Regularization: parameters.Float("l2Regularization"))
            : head.Create(ml, task, new TrialParameters(head, new Dictionary<string, double>()));
        return head.NeedsNormalization ? ml.Transforms.NormalizeMeanVariance(TrainerCatalog.Features).Append(trainer) : trainer;
    }
}
