using Microsoft.ML;
using MlOps.Modules.Pipeline.Contracts;
using MlOps.Modules.Pipeline.Datasets.Schema;
using MlOps.Modules.Pipeline.Training;
using MlOps.Modules.Pipeline.Training.Featurization;
using MlOps.Modules.Pipeline.Training.Loading;

namespace MlOps.Tests.Pipeline.Training;

internal static class TrainingFixtures
{
    public static string PathOf(string file) => Path.Combine(AppContext.BaseDirectory, "TestData", file);

    /// <summary>A trainer over a sample CSV with the schema MlOps infers at upload.</summary>
    public static async Task<ModelTrainer> TabularAsync(MLContext ml, string file, TrainingTask task, string label, params string[] ignore)
    {
        await using var content = File.OpenRead(PathOf(file));
        var schema = (await CsvAnalyzer.AnalyzeAsync(content, CancellationToken.None)).Columns;
        var features = FeatureSelection.Choose(schema, label, null, ignore);
        return new ModelTrainer(ml, TabularLoader.Load(ml, PathOf(file), schema, label, task, features), task);
    }
}
