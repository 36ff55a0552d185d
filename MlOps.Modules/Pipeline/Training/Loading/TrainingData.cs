using Microsoft.ML;
using MlOps.Modules.Pipeline.Training.Featurization;

namespace MlOps.Modules.Pipeline.Training.Loading;

/// <summary>A dataset loaded for training: its rows, the feature columns chosen from it, and the label column.</summary>
internal sealed record TrainingData(IDataView Rows, IReadOnlyList<FeatureColumn> Features, string LabelColumn, int ImageSide) : IDisposable
{
    /// <summary>Where extracted images live for the duration of training.</summary>
    public string? WorkingDirectory { get; init; }

    public void Dispose()
    {
        if (WorkingDirectory is not null && Directory.Exists(WorkingDirectory)) Directory.Delete(WorkingDirectory, recursive: true);
    }
}
