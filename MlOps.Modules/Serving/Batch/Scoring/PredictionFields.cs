using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlOps.Modules.Serving.Batch.Scoring;

/// <summary>
/// Writes the prediction columns of the scored row, with the header the predict API's CSV
/// answers carry: the label and one probability per class, or the value. Getters are made once per job.
/// </summary>
internal static class PredictionFields
{
    private const string Probability = "0.######";

    /// <summary>The scored columns the writer reads; the cursor computes only these (and what they depend on).</summary>
    public static IEnumerable<DataViewSchema.Column> ColumnsRead(DataViewSchema scored) =>
        new[] { "PredictedLabel", "Score", "Probability" }.Select(scored.GetColumnOrNull).OfType<DataViewSchema.Column>();

    public static Action<CsvOutput> For(BatchModel model, DataViewRow row)
    {
        var labels = model.Info.Labels;
        switch (model.Info.Task)
        {
            case "Regression":
            {
                var score = row.GetGetter<float>(row.Schema["Score"]);
                var value = 0f;
                return output =>
                {
                    score(ref value);
                    if (float.IsFinite(value)) output.Append(value, null);
                };
            }
            case "BinaryClassification":
            {
                var predicted = row.GetGetter<bool>(row.Schema["PredictedLabel"]);
                var probability = row.Schema.GetColumnOrNull("Probability") is { } column ? row.GetGetter<float>(column) : null;
                var (label, p) = (false, 0f);
                return output =>
                {
                    predicted(ref label);
                    output.AppendField(labels[label ? 1 : 0]);
                    probability?.Invoke(ref p);
                    output.Append(',');
                    if (probability is not null) output.Append(1 - p, Probability);
                    output.Append(',');
                    if (probability is not null) output.Append(p, Probability);
                };
            }
            default:
            {
                var predicted = row.GetGetter<ReadOnlyMemory<char>>(row.Schema["PredictedLabel"]);
                var scores = row.GetGetter<VBuffer<float>>(row.Schema["Score"]);
                var (label, values) = (ReadOnlyMemory<char>.Empty, default(VBuffer<float>));
                return output =>
                {
                    predicted(ref label);
                    scores(ref values);
                    output.AppendField(label.Span);
                    var dense = values.GetValues();
                    for (var i = 0; i < labels.Count; i++)
                    {
                        output.Append(',');
                        if (i < values.Length) output.Append(values.IsDense ? dense[i] : values.GetItemOrDefault(i), Probability);
                    }
                };
            }
        }
    }
}
