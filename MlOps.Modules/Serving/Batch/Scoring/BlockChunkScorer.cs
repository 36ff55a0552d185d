using MlOps.Modules.Serving.Models;

namespace MlOps.Modules.Serving.Batch.Scoring;

/// <summary>
/// A scoring worker for a version that scores many rows in one call (ONNX): the chunk's rows are bound, scored in
/// one call, then written each as it was followed by its prediction.
/// </summary>
internal sealed class BlockChunkScorer(BatchModel model, int[] fieldOfColumn, IBlockScorer blocks) : IChunkScorer
{
    private const string Probability = "0.######";
    private readonly BatchRows _rows = new(model, fieldOfColumn);
    private readonly InputRow[] _bound = Enumerable.Range(0, RowChunk.Rows).Select(_ => model.Info.NewRow()).ToArray();
    private readonly CsvRowReader _echo = new();
    private readonly float[] _scores = new float[RowChunk.Rows * Math.Max(1, blocks.Labels.Count)];

    public void Score(RowChunk chunk)
    {
        try
        {
            _rows.Start(chunk);
            var count = 0;
            while (_rows.MoveNext())
            {
                var row = _bound[count];
                for (var c = 0; c < model.Columns.Count; c++)
                {
                    if (model.Columns[c].IsNumeric) row.Numbers[c] = _rows.Number(c);
                    else row.Texts[c] = _rows.Text(c).ToString();
                }

                count++;
            }

            var width = Math.Max(1, blocks.Labels.Count);
            blocks.Score(new ArraySegment<InputRow>(_bound, 0, count), _scores);
            using var output = new CsvOutput(chunk.Output);
            _echo.Reset(chunk.Text, chunk.Length);
            for (var r = 0; r < count && _echo.Read(); r++)
            {
                output.AppendRow(_echo);
                output.Append(',');
                Write(output, _scores.AsSpan(r * width, width));
                output.Append('\n');
            }

            output.Flush();
            chunk.Scored();
        }
        catch (Exception error)
        {
            chunk.Scored(error);
        }
    }

    /// <summary>The columns <see cref="Predict.CsvPredictionWriter"/> heads: the label and one probability per class, or the value.</summary>
    private void Write(CsvOutput output, ReadOnlySpan<float> scores)
    {
        var labels = blocks.Labels;
        if (labels.Count == 0)
        {
            if (float.IsFinite(scores[0])) output.Append(scores[0], null);
            return;
        }

        output.AppendField(labels[BlockScores.Best(scores)]);
        foreach (var score in scores)
        {
            output.Append(',');
            output.Append(score, Probability);
        }
    }
}
