using Microsoft.ML;
using Microsoft.ML.Data;
using MlOps.Modules.Pipeline.Contracts;
using MlOps.Modules.Pipeline.Training.Trainers;

namespace MlOps.Modules.Pipeline.Training.Evaluation;

internal sealed record ModelEvaluation(IReadOnlyDictionary<string, double> Metrics, ConfusionMatrixData? Confusion);

internal static class ModelEvaluator
{
    public static ModelEvaluation Evaluate(MLContext ml, TrainingTask task, IDataView predictions, IReadOnlyList<string> classes) => task switch
    {
        TrainingTask.Regression => Regression(ml.Regression.Evaluate(predictions, TrainerCatalog.Label)),
        TrainingTask.BinaryClassification => Binary(ml, predictions, classes),
        _ => Multiclass(ml.MulticlassClassification.Evaluate(predictions, TrainerCatalog.Label), classes),
    };

    private static ModelEvaluation Regression(RegressionMetrics metrics) => new(new Dictionary<string, double>
    {
        [MetricNames.R2] = metrics.RSquared,
        [MetricNames.Rmse] = metrics.RootMeanSquaredError,
        [MetricNames.Mae] = metrics.MeanAbsoluteError,
    }, null);

    private static ModelEvaluation Multiclass(MulticlassClassificationMetrics metrics, IReadOnlyList<string> classes) => new(new Dictionary<string, double>
    {
        [MetricNames.Accuracy] = metrics.MicroAccuracy,
        [MetricNames.MacroAccuracy] = metrics.MacroAccuracy,
        [MetricNames.LogLoss] = metrics.LogLoss,
    }, Confusion(metrics.ConfusionMatrix, classes));

    private static ModelEvaluation Binary(MLContext ml, IDataView predictions, IReadOnlyList<string> classes)
    {
        // Random forests give uncalibrated scores: no probability, so no log-loss.
        if (predictions.Schema.GetColumnOrNull("Probability") is null)
        {
            var raw = ml.BinaryClassification.EvaluateNonCalibrated(predictions, TrainerCatalog.Label);
            return new(new Dictionary<string, double>
            {
                [MetricNames.Accuracy] = raw.Accuracy,
                [MetricNames.Auc] = raw.AreaUnderRocCurve,
                [MetricNames.F1] = raw.F1Score,
            }, Confusion(raw.ConfusionMatrix, BinaryOrder(classes)));
        }

        var metrics = ml.BinaryClassification.Evaluate(predictions, TrainerCatalog.Label);
        return new(new Dictionary<string, double>
        {
            [MetricNames.Accuracy] = metrics.Accuracy,
            [MetricNames.Auc] = metrics.AreaUnderRocCurve,
            [MetricNames.F1] = metrics.F1Score,
            [MetricNames.LogLoss] = metrics.LogLoss,
        }, Confusion(metrics.ConfusionMatrix, BinaryOrder(classes)));
    }

    // ML.NET lists the positive class first in a binary confusion matrix.
    private static IReadOnlyList<string> BinaryOrder(IReadOnlyList<string> classes) => [classes[1], classes[0]];

    private static ConfusionMatrixData Confusion(ConfusionMatrix matrix, IReadOnlyList<string> classes) =>
        new(classes, matrix.Counts.Select(row => (IReadOnlyList<double>)row.ToList()).ToList());
}
