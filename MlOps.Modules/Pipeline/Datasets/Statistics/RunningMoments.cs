namespace MlOps.Modules.Pipeline.Datasets.Statistics;

/// <summary>Welford's method, so the variance of large columns does not lose precision.</summary>
internal sealed class RunningMoments
{
    private double _mean;
    private double _m2;

    public int Count { get; private set; }
    public double Min { get; private set; } = double.PositiveInfinity;
    public double Max { get; private set; } = double.NegativeInfinity;
    public double Mean => _mean;
    public double StandardDeviation => Count > 1 ? Math.Sqrt(_m2 / (Count - 1)) : 0;

    public void Add(double value)
    {
        Count++;
        var delta = value - _mean;
        _mean += delta / Count;
        _m2 += delta * (value - _mean);
        Min = Math.Min(Min, value);
        Max = Math.Max(Max, value);
    }
}
