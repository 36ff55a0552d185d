namespace MlOps.Modules.Pipeline.Contracts;

public enum TrainingTask
{
    BinaryClassification,
    MulticlassClassification,
    Regression,
    ImageClassification,
}

public enum HyperparameterKind
{
    Integer,
    Float,
}

/// <summary>A tunable hyperparameter: search draws from [Min, Max], on a log scale where it says so.</summary>
public sealed record HyperparameterRange(string Name, HyperparameterKind Kind, double Min, double Max, double Default, bool LogScale);

public sealed record TrainerInfo(string Name, string Description, IReadOnlyList<TrainingTask> Tasks, IReadOnlyList<HyperparameterRange> Hyperparameters);

public enum SearchStrategy
{
    Grid,
    Random,
}

/// <summary>Rows are actual classes, columns predicted classes, both in <see cref="Classes"/> order.</summary>
public sealed record ConfusionMatrixData(IReadOnlyList<string> Classes, IReadOnlyList<IReadOnlyList<double>> Counts);

/// <summary>A test picture the model got wrong: its entry in the dataset archive, its class, and the class predicted.</summary>
public sealed record MisclassifiedImage(string Entry, string Actual, string Predicted);
