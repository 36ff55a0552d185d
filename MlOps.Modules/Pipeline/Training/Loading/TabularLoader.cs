using Microsoft.ML;
using Microsoft.ML.Data;
using MlOps.Modules.Pipeline.Contracts;
using MlOps.Modules.Pipeline.Training.Featurization;

namespace MlOps.Modules.Pipeline.Training.Loading;

/// <summary>Reads a CSV version with the types its schema inferred: numbers as floats (empty = NaN), everything else as text.</summary>
internal static class TabularLoader
{
    public static TrainingData Load(MLContext ml, string csvPath, IReadOnlyList<DatasetColumn> schema, string label, TrainingTask task, IReadOnlyList<FeatureColumn> features)
    {
        var columns = schema.Select((column, index) => new TextLoader.Column(column.Name, KindOf(column, label, task), index)).ToArray();
        var loader = ml.Data.CreateTextLoader(new TextLoader.Options
        {
            Columns = columns,
            HasHeader = true,
            Separators = [','],
            AllowQuoting = true,
            TrimWhitespace = true,
            MissingRealsAsNaNs = true,
        });
        return new TrainingData(loader.Load(csvPath), features, label, ImageSide: 0);
    }

    private static DataKind KindOf(DatasetColumn column, string label, TrainingTask task) =>
        column.Name == label
            ? task == TrainingTask.Regression ? DataKind.Single : DataKind.String
            : column.Type == ColumnType.Numeric ? DataKind.Single : DataKind.String;
}
