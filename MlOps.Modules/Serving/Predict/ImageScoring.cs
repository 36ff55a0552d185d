using MlOps.Modules.Pipeline.Contracts;
using MlOps.Modules.Serving.Contracts;
using MlOps.Modules.Serving.Models;

namespace MlOps.Modules.Serving.Predict;

/// <summary>
/// Scores a decoded picture with an image model, as the predict API, the Predict page, <c>/v2</c> infer and batch jobs
/// all do: staged where the model reads it, in the form training wrote its pictures; for a version chosen with the
/// flipped-image pass, its mirror image is scored too and the two scores averaged.
/// </summary>
internal static class ImageScoring
{
    public static async Task<Prediction> ScoreAsync(LoadedModel model, DecodedImage image, string workDirectory, CancellationToken cancellationToken)
    {
        var plain = await ScoreStagedAsync(model, image, workDirectory, cancellationToken);
        if (!model.FlipPass) return plain;
        using var mirrored = image.Mirrored();
        return Average(plain, await ScoreStagedAsync(model, mirrored, workDirectory, cancellationToken));
    }

    private static async Task<Prediction> ScoreStagedAsync(LoadedModel model, DecodedImage image, string workDirectory, CancellationToken cancellationToken)
    {
        var path = await ImageUpload.StageAsync(image, workDirectory, cancellationToken);
        try
        {
            var row = model.NewRow();
            row.Texts[0] = path;
            return model.Score(row);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>The mean of two class predictions' probabilities; the label is the class with the highest mean.</summary>
    private static Prediction Average(Prediction first, Prediction second)
    {
        var mean = first.Probabilities!.ToDictionary(p => p.Key, p => (p.Value + second.Probabilities![p.Key]) / 2, StringComparer.Ordinal);
        return new Prediction(mean.MaxBy(p => p.Value).Key, mean, null);
    }
}
