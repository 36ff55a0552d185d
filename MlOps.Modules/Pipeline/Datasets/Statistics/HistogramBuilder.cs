using MlOps.Modules.Pipeline.Contracts;

namespace MlOps.Modules.Pipeline.Datasets.Statistics;

/// <summary>Equal-width bins between a known minimum and maximum; the last bin includes the maximum.</summary>
internal sealed class HistogramBuilder
{
    public const int DefaultBins = 10;

    private readonly double _min;
    private readonly double _width;
    private readonly int[] _counts;

    public HistogramBuilder(double min, double max, int bins = DefaultBins)
    {
        _min = min;
        _counts = new int[max > min ? bins : 1];
        _width = max > min ? (max - min) / bins : 0;
    }

    public void Add(double value)
    {
        var bin = _width == 0 ? 0 : (int)Math.Floor((value - _min) / _width);
        _counts[Math.Clamp(bin, 0, _counts.Length - 1)]++;
    }

    public Histogram Build()
    {
        var edges = Enumerable.Range(0, _counts.Length + 1)
            .Select(i => _width == 0 ? _min + i : _min + i * _width)
            .ToArray();
        return new Histogram(edges, _counts.ToArray());
    }
}
