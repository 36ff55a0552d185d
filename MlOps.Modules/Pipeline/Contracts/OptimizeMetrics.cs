using MlOps.Modules.Pipeline.Training.Evaluation;

namespace MlOps.Modules.Pipeline.Contracts;

/// <summary>The metrics a pipeline of a task can optimize.</summary>
public static class OptimizeMetrics
{
    public static IReadOnlyList<string> For(TrainingTask task) => MetricNames.For(task);

    public static string DefaultFor(TrainingTask task) => MetricNames.DefaultFor(task);

    /// <summary>True for losses and errors (logLoss, rmse, mae), where a smaller value is the better model.</summary>
    public static bool IsLowerBetter(string metric) => MetricNames.IsLowerBetter(metric);
}
