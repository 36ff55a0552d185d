using Microsoft.ML;
using MlOps.Modules.Pipeline.Training.Featurization;

namespace MlOps.Modules.Pipeline.Training.Loading;

/// <summary>A dataset loaded for training: its rows, the feature columns chosen from it, and the label column.</summary>
internal sealed record TrainingData(IDataView Rows, IReadOnlyList<FeatureColumn> Features, string LabelColumn, int ImageSide) : IDisposable
{
    /// <summary>Where extracted images live for the duration of training.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>The rows as a saved model reads them: without the features computed ahead for training.</summary>
    public IDataView Inputs { get; init; } = Rows;

    /// <summary>The pictures of an image dataset, in row order; empty for tabular data.</summary>
    public IReadOnlyList<ImageFile> Images { get; init; } = [];

    public bool HasEmbeddings => Rows.Schema.GetColumnOrNull(ResNet18Embedding.Column) is not null;

    public void Dispose()
    {
        if (WorkingDirectory is not null && Directory.Exists(WorkingDirectory)) Directory.Delete(WorkingDirectory, recursive: true);
    }
}
