using Microsoft.ML;
using Microsoft.ML.Trainers;
using MlOps.Modules.Pipeline.Contracts;

namespace MlOps.Modules.Pipeline.Training.Trainers;

/// <summary>The ML.NET trainers MlOps offers, with the hyperparameters search may tune and their ranges.</summary>
internal static class TrainerCatalog
{
    public const string Label = "Label";
    public const string Features = "Features";

    private static readonly TrainingTask[] Classification =
        [TrainingTask.BinaryClassification, TrainingTask.MulticlassClassification, TrainingTask.ImageClassification];

    private static readonly TrainingTask[] AllTasks = [.. Classification, TrainingTask.Regression];

    // Defaults follow what ML.NET's own auto-tuning picks for small and mid-sized data (20 leaves, rate 0.2).
    private static readonly HyperparameterRange Leaves = new("numberOfLeaves", HyperparameterKind.Integer, 4, 128, 20, LogScale: true);
    private static readonly HyperparameterRange MinLeafExamples = new("minimumExampleCountPerLeaf", HyperparameterKind.Integer, 1, 50, 10, LogScale: true);
    private static readonly HyperparameterRange LearningRate = new("learningRate", HyperparameterKind.Float, 0.01, 0.5, 0.2, LogScale: true);
    private static readonly HyperparameterRange Trees = new("numberOfTrees", HyperparameterKind.Integer, 20, 500, 100, LogScale: true);
    private static readonly HyperparameterRange L2 = new("l2Regularization", HyperparameterKind.Float, 1e-6, 1, 1e-3, LogScale: true);
    private static readonly HyperparameterRange L1 = new("l1Regularization", HyperparameterKind.Float, 1e-6, 1, 1e-3, LogScale: true);

    /// <summary>The trainers that read a feature vector; <see cref="ResNet18Features"/> puts one of them on top of the network.</summary>
    public static readonly IReadOnlyList<TrainerDefinition> Tabular =
    [
        new("LightGbm", "Gradient-boosted trees (LightGBM): strong default for tabular data and pixels.", AllTasks, false,
            [Leaves, MinLeafExamples with { Default = 5 }, LearningRate, new("numberOfIterations", HyperparameterKind.Integer, 20, 500, 100, LogScale: true)],
            (ml, task, p) => task switch
            {
                TrainingTask.BinaryClassification => ml.BinaryClassification.Trainers.LightGbm(Label, Features, null,
                    p.Int("numberOfLeaves"), p.Int("minimumExampleCountPerLeaf"), p.Float("learningRate"), p.Int("numberOfIterations")),
                TrainingTask.Regression => ml.Regression.Trainers.LightGbm(Label, Features, null,
                    p.Int("numberOfLeaves"), p.Int("minimumExampleCountPerLeaf"), p.Float("learningRate"), p.Int("numberOfIterations")),
                _ => ml.MulticlassClassification.Trainers.LightGbm(Label, Features, null,
                    p.Int("numberOfLeaves"), p.Int("minimumExampleCountPerLeaf"), p.Float("learningRate"), p.Int("numberOfIterations")),
            }),
        new("FastTree", "Boosted decision trees (MART).", AllTasks, false,
            [Leaves, Trees, MinLeafExamples, LearningRate],
            (ml, task, p) => task switch
            {
                TrainingTask.BinaryClassification => ml.BinaryClassification.Trainers.FastTree(Label, Features, null,
                    p.Int("numberOfLeaves"), p.Int("numberOfTrees"), p.Int("minimumExampleCountPerLeaf"), p.Float("learningRate")),
                TrainingTask.Regression => ml.Regression.Trainers.FastTree(Label, Features, null,
                    p.Int("numberOfLeaves"), p.Int("numberOfTrees"), p.Int("minimumExampleCountPerLeaf"), p.Float("learningRate")),
                _ => ml.MulticlassClassification.Trainers.OneVersusAll(ml.BinaryClassification.Trainers.FastTree(Label, Features, null,
                    p.Int("numberOfLeaves"), p.Int("numberOfTrees"), p.Int("minimumExampleCountPerLeaf"), p.Float("learningRate")), Label),
            }),
        new("FastForest", "Random forest of decision trees.", AllTasks, false,
            [Leaves, Trees, MinLeafExamples],
            (ml, task, p) => task switch
            {
                TrainingTask.BinaryClassification => ml.BinaryClassification.Trainers.FastForest(Label, Features, null,
                    p.Int("numberOfLeaves"), p.Int("numberOfTrees"), p.Int("minimumExampleCountPerLeaf")),
                TrainingTask.Regression => ml.Regression.Trainers.FastForest(Label, Features, null,
                    p.Int("numberOfLeaves"), p.Int("numberOfTrees"), p.Int("minimumExampleCountPerLeaf")),
                _ => ml.MulticlassClassification.Trainers.OneVersusAll(ml.BinaryClassification.Trainers.FastForest(Label, Features, null,
                    p.Int("numberOfLeaves"), p.Int("numberOfTrees"), p.Int("minimumExampleCountPerLeaf")), Label),
            }),
        new("Sdca", "Linear model by stochastic dual coordinate ascent (logistic regression, maximum entropy or least squares).", AllTasks, true,
            [L2, L1, new("maximumNumberOfIterations", HyperparameterKind.Integer, 5, 200, 30, LogScale: true)],
            (ml, task, p) => task switch
            {
                TrainingTask.BinaryClassification => ml.BinaryClassification.Trainers.SdcaLogisticRegression(Label, Features, null,
                    p.Float("l2Regularization"), p.Float("l1Regularization"), p.Int("maximumNumberOfIterations")),
                TrainingTask.Regression => ml.Regression.Trainers.Sdca(Label, Features, null, null,
                    p.Float("l2Regularization"), p.Float("l1Regularization"), p.Int("maximumNumberOfIterations")),
                _ => ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(Label, Features, null,
                    p.Float("l2Regularization"), p.Float("l1Regularization"), p.Int("maximumNumberOfIterations")),
            }),
        new("Lbfgs", "Linear model by L-BFGS (logistic regression, maximum entropy or Poisson regression).", AllTasks, true,
            [L1, L2, new("optimizationTolerance", HyperparameterKind.Float, 1e-8, 1e-4, 1e-7, LogScale: true)],
            (ml, task, p) => task switch
            {
                TrainingTask.BinaryClassification => ml.BinaryClassification.Trainers.LbfgsLogisticRegression(Label, Features, null,
                    p.Float("l1Regularization"), p.Float("l2Regularization"), p.Float("optimizationTolerance")),
                TrainingTask.Regression => ml.Regression.Trainers.LbfgsPoissonRegression(Label, Features, null,
                    p.Float("l1Regularization"), p.Float("l2Regularization"), p.Float("optimizationTolerance")),
                _ => ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(Label, Features, null,
                    p.Float("l1Regularization"), p.Float("l2Regularization"), p.Float("optimizationTolerance")),
            }),
    ];

    public static IReadOnlyList<TrainerDefinition> All { get; } = [.. Tabular, ResNet18Features.Definition];

    /// <summary>Accepts the names users know from ML.NET (SdcaMaximumEntropy, LbfgsLogisticRegression, ...) as aliases.</summary>
    public static TrainerDefinition? Find(string name)
    {
        var exact = All.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase));
        if (exact is not null) return exact;
        return name.StartsWith("Sdca", StringComparison.OrdinalIgnoreCase) ? All.Single(t => t.Name == "Sdca")
            : name.StartsWith("Lbfgs", StringComparison.OrdinalIgnoreCase) ? All.Single(t => t.Name == "Lbfgs")
            : null;
    }

    public static IEnumerable<TrainerDefinition> For(TrainingTask? task) => task is null ? All : All.Where(t => t.Supports(task.Value));
}
