using System.Globalization;
using MlOps.Modules.Platform.Contracts;
using MlOps.Modules.Serving.Contracts;
using MlOps.Modules.Serving.Models;

namespace MlOps.Modules.Serving.Predict;

/// <summary>Predictions as CSV columns: the label and one probability per class, or the value.</summary>
internal static class CsvPredictionWriter
{
    public static IReadOnlyList<string> Header(LoadedModel model) => model.Task == "Regression"
        ? ["prediction"]
        : ["prediction", .. model.Labels.Select(l => $"probability_{l}")];

    public static IEnumerable<string> Fields(LoadedModel model, Prediction prediction)
    {
        if (model.Task == "Regression")
        {
            yield return prediction.Value?.ToString("R", CultureInfo.InvariantCulture) ?? "";
            yield break;
        }

        yield return CsvCell.Format(prediction.Label ?? "");
        foreach (var label in model.Labels)
            yield return prediction.Probabilities is { } p && p.TryGetValue(label, out var value) ? value.ToString("0.######", CultureInfo.InvariantCulture) : "";
    }
}
