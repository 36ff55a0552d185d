using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace MlOps.Modules.Pipeline.Training.Featurization;

internal sealed class ImagePath
{
    [ColumnName(ResNet18Embedding.InputColumn)]
    public string Path { get; set; } = "";
}

/// <summary>
/// The ResNet-18 features of a picture file, as a step of a saved model: training computes them once per
/// dataset version (see <see cref="EmbeddingCache"/>) and prepends this step only to the model it saves.
/// </summary>
internal sealed class ResNet18Embedding
{
    public const string ContractName = "MlOps.ResNet18Embedding";
    public const string InputColumn = "__mlops_resnet18_image";
    public const string Column = "__mlops_resnet18";

    [ColumnName(Column)]
    [VectorType(ResNet18Network.Dimensions)]
    public float[] Features { get; set; } = [];

    public static void Map(ImagePath input, ResNet18Embedding output) => output.Features = ResNet18Network.Shared.Embed(input.Path);

    /// <summary>The step that turns a model's image column into the features its trainer was fitted on.</summary>
    public static ITransformer Step(MLContext ml, IDataView rows, string imageColumn) =>
        ml.Transforms.CopyColumns(InputColumn, imageColumn)
            .Append(ml.Transforms.CustomMapping<ImagePath, ResNet18Embedding>(Map, ContractName))
            .Append(ml.Transforms.DropColumns(InputColumn))
            .Fit(rows);
}

/// <summary>Lets a saved model that embeds images be loaded again: ML.NET finds the mapping by its contract name.</summary>
[CustomMappingFactoryAttribute(ResNet18Embedding.ContractName)]
internal sealed class ResNet18EmbeddingFactory : CustomMappingFactory<ImagePath, ResNet18Embedding>
{
    public override Action<ImagePath, ResNet18Embedding> GetMapping() => ResNet18Embedding.Map;
}
