namespace MlOps.Modules.Serving.Batch.Scoring;

/// <summary>How far a running job has got, written by the scoring thread and read by whoever saves it.</summary>
internal sealed class BatchProgress
{
    private long _rows;
    private double _fraction;

    public long Rows => Interlocked.Read(ref _rows);

    public double Fraction => Volatile.Read(ref _fraction);

    public void Report(long rows, double fraction)
    {
        Interlocked.Exchange(ref _rows, rows);
        Volatile.Write(ref _fraction, fraction);
    }
}
