using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using MlOps.Modules.Platform.Contracts;
using MlOps.Modules.Serving.Batch.Jobs;
using MlOps.Modules.Serving.Predict;

namespace MlOps.Modules.Serving.Batch.Scoring;

/// <summary>
/// Scores a CSV into a CSV: each row as it was written, followed by its prediction columns. One thread copies rows
/// out of the file in chunks, one worker per core scores chunks through the model's row-to-row mapper (the machinery
/// under <c>Transform</c> and prediction engines), and this thread writes the scored chunks in file order. A few
/// chunks are in flight at a time, so memory stays flat at any length.
/// </summary>
internal static class BatchScorer
{
    /// <exception cref="InvalidDataException">The header lacks a model column, or a row has a value that does not fit (the first such row in the file).</exception>
    public static long Score(BatchModel model, Stream source, Stream destination, BatchProgress progress, CancellationToken cancellationToken)
    {
        using var reader = CsvSource.Open(source);
        if (!reader.Read()) throw new InvalidDataException("The CSV is empty: it needs a header row, then rows.");
        var header = reader.Record();
        var fields = FieldsOf(model, header);
        WriteHeader(model, header, destination);

        // Mappers are made here, so a model that cannot score fails the job before any thread starts.
        var scorers = Enumerable.Range(0, Environment.ProcessorCount)
            .Select(_ => model.Blocks is { } blocks ? new BlockChunkScorer(model, fields, blocks) : (IChunkScorer)new ChunkScorer(model, fields)).ToList();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var toScore = new BlockingCollection<RowChunk>(scorers.Count * 2);
        using var toWrite = new BlockingCollection<RowChunk>(scorers.Count * 4);
        var spare = new ConcurrentBag<RowChunk>();
        var reading = Run(() => ReadChunks(reader, source, spare, toScore, toWrite, stop.Token), stop.Token);
        var scoring = scorers.Select(scorer => Run(() => ScoreChunks(scorer, toScore, stop.Token), stop.Token)).ToArray();
        try
        {
            long rows = 0;
            foreach (var chunk in toWrite.GetConsumingEnumerable(stop.Token))
            {
                chunk.WaitScored(stop.Token);
                if (chunk.Error is { } error) ExceptionDispatchInfo.Throw(error);
                chunk.Output.WriteTo(destination);
                rows += chunk.Count;
                progress.Report(rows, chunk.Read);
                spare.Add(chunk);
            }

            reading.GetAwaiter().GetResult();
            destination.Flush();
            progress.Report(rows, 1);
            return rows;
        }
        finally
        {
            stop.Cancel();
            try
            {
                Task.WaitAll([reading, .. scoring]);
            }
            catch (AggregateException)
            {
                // Stopped threads end with OperationCanceledException; a reader that failed was reported above.
            }

            foreach (var scorer in scorers.OfType<IDisposable>()) scorer.Dispose();
        }
    }

    private static void ReadChunks(CsvRows reader, Stream source, ConcurrentBag<RowChunk> spare,
        BlockingCollection<RowChunk> toScore, BlockingCollection<RowChunk> toWrite, CancellationToken cancellationToken)
    {
        try
        {
            long rows = 0;
            var more = true;
            while (more)
            {
                var chunk = spare.TryTake(out var reused) ? reused : new RowChunk();
                chunk.Start(rows);
                while (!chunk.IsFull && (more = reader.Read())) chunk.Add(reader.Raw);
                if (chunk.Count == 0) break;
                rows += chunk.Count;
                chunk.Read = source.CanSeek && source.Length > 0 ? Math.Min(0.99, (double)source.Position / source.Length) : 0;
                toWrite.Add(chunk, cancellationToken);
                toScore.Add(chunk, cancellationToken);
            }
        }
        finally
        {
            toScore.CompleteAdding();
            toWrite.CompleteAdding();
        }
    }

    private static void ScoreChunks(IChunkScorer scorer, BlockingCollection<RowChunk> toScore, CancellationToken cancellationToken)
    {
        foreach (var chunk in toScore.GetConsumingEnumerable(cancellationToken)) scorer.Score(chunk);
    }

    /// <summary>Reading and scoring hold a thread for the whole job: threads of their own, not the request pool's.</summary>
    private static Task Run(Action work, CancellationToken cancellationToken) =>
        Task.Factory.StartNew(work, cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private static void WriteHeader(BatchModel model, string[] header, Stream destination)
    {
        using var output = new CsvOutput(destination);
        foreach (var (column, index) in header.Concat(CsvPredictionWriter.Header(model.Info)).Select((c, i) => (c, i)))
        {
            if (index > 0) output.Append(',');
            output.AppendField(column);
        }

        output.Append('\n');
        output.Flush();
    }

    /// <summary>Where each model column sits in the file; extra columns are carried through untouched.</summary>
    private static int[] FieldsOf(BatchModel model, string[] names)
    {
        var missing = BatchSourceChecks.Missing(model.Info, names);
        if (missing.Count > 0) throw new InvalidDataException($"Header: the model's column(s) {string.Join(", ", missing)} are missing.");
        return model.Columns.Select(c => Array.FindIndex(names, name => name.Trim() == c.Name)).ToArray();
    }
}
