using Microsoft.ML;
using Microsoft.ML.Data;
using MlOps.Modules.Pipeline.Contracts;
using MlOps.Modules.Pipeline.Training.Featurization;
using MlOps.Modules.Pipeline.Training.Loading;
using MlOps.Modules.Pipeline.Training.Trainers;

namespace MlOps.Modules.Pipeline.Training.Evaluation;

/// <summary>
/// Scores test pictures with the flipped-image pass, as Serving scores a version chosen with it: each picture and its
/// mirror image (made by <see cref="DecodedImage.Mirrored"/> from the picture training read), the two score vectors
/// averaged. Mirror images, and their ResNet-18 features when the trainers read them, are made once per run.
/// </summary>
internal sealed class FlipPass(MLContext ml, TrainingData data, IReadOnlyList<string> classes)
{
    private const string Score = "Score";
    private readonly Dictionary<string, (string Path, float[]? Features)> _mirrors = new(StringComparer.Ordinal);

    public ModelEvaluation Evaluate(ITransformer model, IDataView test, CancellationToken cancellationToken)
    {
        var scored = model.Transform(test);
        var paths = scored.GetColumn<string>(ImageFolderLoader.ImageColumn).ToList();
        var truth = scored.GetColumn<uint>(TrainerCatalog.Label).Select(key => (int)key - 1).ToList();
        var plain = scored.GetColumn<float[]>(Score).ToList();
        var mirrors = paths.Select(path => MirrorOf(path, cancellationToken)).ToList();
        var mirrorRows = ImageFolderLoader.Load(ml, mirrors.Select((m, i) => new ImageFile(paths[i], m.Path, classes[truth[i]])).ToList(),
            data.WorkingDirectory!, data.ImageSide, data.HasEmbeddings ? mirrors.Select(m => m.Features!).ToArray() : null).Rows;
        var flipped = model.Transform(mirrorRows).GetColumn<float[]>(Score).ToList();
        return Measure(truth, plain.Zip(flipped, (a, b) => a.Zip(b, (x, y) => (x + y) / 2).ToArray()).ToList());
    }

    private (string Path, float[]? Features) MirrorOf(string path, CancellationToken cancellationToken)
    {
        if (_mirrors.TryGetValue(path, out var known)) return known;
        cancellationToken.ThrowIfCancellationRequested();
        var mirrorPath = Path.ChangeExtension(path, ".mirror.png");
        using (var picture = ImageDecoding.Decode(File.ReadAllBytes(path), long.MaxValue))
        using (var mirrored = picture.Mirrored())
            File.WriteAllBytes(mirrorPath, mirrored.ToPng());
        return _mirrors[path] = (mirrorPath, data.HasEmbeddings ? ResNet18Network.Shared.Embed(mirrorPath) : null);
    }

    /// <summary>The multiclass metrics ML.NET reports (log-loss with its clamp at 1e-15), and the confusion matrix.</summary>
    private ModelEvaluation Measure(IReadOnlyList<int> truth, IReadOnlyList<float[]> scores)
    {
        var counts = classes.Select(_ => new double[classes.Count]).ToArray();
        double logLoss = 0;
        for (var i = 0; i < truth.Count; i++)
        {
            var predicted = Array.IndexOf(scores[i], scores[i].Max());
            counts[truth[i]][predicted]++;
            logLoss -= Math.Log(Math.Max(scores[i][truth[i]], 1e-15));
        }

        var correct = Enumerable.Range(0, classes.Count).Sum(c => counts[c][c]);
        var present = Enumerable.Range(0, classes.Count).Where(c => counts[c].Sum() > 0).ToList();
        return new ModelEvaluation(new Dictionary<string, double>
        {
            [MetricNames.Accuracy] = correct / truth.Count,
            [MetricNames.MacroAccuracy] = present.Average(c => counts[c][c] / counts[c].Sum()),
            [MetricNames.LogLoss] = logLoss / truth.Count,
        }, new ConfusionMatrixData(classes, counts.Select(row => (IReadOnlyList<double>)row).ToList()));
    }
}
