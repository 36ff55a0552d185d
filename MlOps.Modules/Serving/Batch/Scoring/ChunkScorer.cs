using Microsoft.ML;

namespace MlOps.Modules.Serving.Batch.Scoring;

/// <summary>One scoring thread of a job: scores a chunk's rows into the chunk's output.</summary>
internal interface IChunkScorer
{
    void Score(RowChunk chunk);
}

/// <summary>
/// One scoring worker of a job: a row-to-row mapper of its own (mappers keep per-row state, so workers never share
/// one) that scores chunk after chunk into each chunk's output, every input row followed by its prediction.
/// </summary>
internal sealed class ChunkScorer : IChunkScorer, IDisposable
{
    private readonly BatchRows _rows;
    private readonly DataViewRow _scored;
    private readonly Action<CsvOutput> _writePrediction;

    public ChunkScorer(BatchModel model, int[] fieldOfColumn)
    {
        _rows = new BatchRows(model, fieldOfColumn);
        var mapper = model.Transformer!.GetRowToRowMapper(model.InputSchema);
        _scored = mapper.GetRow(new CsvInputRow(model.InputSchema, _rows), PredictionFields.ColumnsRead(mapper.OutputSchema));
        _writePrediction = PredictionFields.For(model, _scored);
    }

    public void Score(RowChunk chunk)
    {
        try
        {
            _rows.Start(chunk);
            using var output = new CsvOutput(chunk.Output);
            while (_rows.MoveNext())
            {
                output.AppendRow(_rows.Current);
                output.Append(',');
                _writePrediction(output);
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

    public void Dispose() => _scored.Dispose();
}
