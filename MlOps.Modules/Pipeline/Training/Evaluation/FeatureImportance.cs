using Microsoft.ML;
using Microsoft.ML.Data;
using MlOps.Modules.Pipeline.Contracts;
using MlOps.Modules.Pipeline.Training.Featurization;
using MlOps.Modules.Pipeline.Training.Trainers;

namespace MlOps.Modules.Pipeline.Training.Evaluation;

/// <summary>
/// Permutation importance per input column: how much the task's main metric drops when one feature
/// slot's values are shuffled across the test rows, summed over the slots a column became.
/// </summary>
internal static class FeatureImportance
{
    /// <summary>Each slot costs one scoring pass; wide inputs (pixels, bags of words) are left out.</summary>
    public const int MaxSlots = 300;

    public static IReadOnlyDictionary<string, double>? Compute(MLContext ml, TrainingTask task, ITransformer model, IDataView test, IReadOnlyList<FeatureColumn> features)
    {
        if (task == TrainingTask.ImageClassification || model is not IEnumerable<ITransformer> chain) return null;
        var steps = chain.ToList();
        var predictorIndex = steps.FindIndex(t => t is ISingleFeaturePredictionTransformer<object>);
        if (predictorIndex < 0) return null;

        var featurized = steps.Take(predictorIndex).Aggregate(test, (data, step) => step.Transform(data));
        var column = featurized.Schema[TrainerCatalog.Features];
        if (column.Type is VectorDataViewType { Size: > MaxSlots or 0 }) return null;
        ITransformer predictor = steps[predictorIndex];
        return SlotDrops(ml, task, predictor, featurized)
            .GroupBy(slot => SourceColumn(slot.Key, features))
            .ToDictionary(g => g.Key, g => g.Sum(slot => slot.Value))
            .OrderByDescending(e => e.Value)
            .ToDictionary();
    }

    // ML.NET reports each slot's metric change (shuffled minus original); a useful feature makes the metric worse.
    // Binary models are ranked by AUC, which needs scores only, so calibrated and uncalibrated trainers compare alike.
    private static IEnumerable<KeyValuePair<string, double>> SlotDrops(MLContext ml, TrainingTask task, ITransformer predictor, IDataView featurized) => task switch
    {
        TrainingTask.Regression => ml.Regression.PermutationFeatureImportance(predictor, featurized, TrainerCatalog.Label)
            .Select(s => KeyValuePair.Create(s.Key, -s.Value.RSquared.Mean)),
        TrainingTask.BinaryClassification => ml.BinaryClassification.PermutationFeatureImportanceNonCalibrated(predictor, featurized, TrainerCatalog.Label)
            .Select(s => KeyValuePair.Create(s.Key, -s.Value.AreaUnderRocCurve.Mean)),
        _ => ml.MulticlassClassification.PermutationFeatureImportance(predictor, featurized, TrainerCatalog.Label)
            .Select(s => KeyValuePair.Create(s.Key, -s.Value.MicroAccuracy.Mean)),
    };

    /// <summary>Featurizer outputs are named <c>__mlops_f{i}</c>; concatenation names slots <c>__mlops_f{i}.{category}</c>.</summary>
    private static string SourceColumn(string slotName, IReadOnlyList<FeatureColumn> features)
    {
        const string prefix = "__mlops_f";
        var head = slotName.Split('.')[0];
        return head.StartsWith(prefix, StringComparison.Ordinal) && int.TryParse(head[prefix.Length..], out var index) && index < features.Count
            ? features[index].Name
            : head;
    }
}
