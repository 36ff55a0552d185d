using MlOps.Modules.Pipeline.Contracts;

namespace MlOps.Modules.Pipeline.Training.Evaluation;

internal static class MetricNames
{
    public const string Accuracy = "accuracy";
    public const string MacroAccuracy = "macroAccuracy";
    public const string LogLoss = "logLoss";
    public const string Auc = "auc";
    public const string F1 = "f1";
    public const string Rmse = "rmse";
    public const string Mae = "mae";
    public const string R2 = "r2";

    private static readonly HashSet<string> LowerIsBetter = [LogLoss, Rmse, Mae];

    public static IReadOnlyList<string> For(TrainingTask task) => task switch
    {
        TrainingTask.BinaryClassification => [Accuracy, Auc, F1, LogLoss],
        TrainingTask.Regression => [R2, Rmse, Mae],
        _ => [Accuracy, MacroAccuracy, LogLoss],
    };

    public static string DefaultFor(TrainingTask task) => task == TrainingTask.Regression ? R2 : Accuracy;

    public static bool IsLowerBetter(string metric) => LowerIsBetter.Contains(metric);

    /// <summary>True when <paramref name="candidate"/> beats <paramref name="incumbent"/> on <paramref name="metric"/>.</summary>
    public static bool IsBetter(string metric, double candidate, double incumbent) =>
        !double.IsNaN(candidate) && (double.IsNaN(incumbent) || (IsLowerBetter(metric) ? candidate < incumbent : candidate > incumbent));
}
