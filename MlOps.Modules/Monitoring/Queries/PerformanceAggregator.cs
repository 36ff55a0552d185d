using MlOps.Modules.Monitoring.Contracts;

namespace MlOps.Modules.Monitoring.Queries;

/// <summary>
/// Accuracy (classification) or MAE and RMSE (regression) per version, overall and per bucket of prediction time,
/// over the predictions that received feedback.
/// </summary>
internal sealed class PerformanceAggregator(TimeWindow window, TimeSpan bucket)
{
    public const string Classification = "classification";
    public const string Regression = "regression";

    private readonly Dictionary<int, (string Task, Score Overall, SortedDictionary<int, Score> Buckets)> _versions = [];

    /// <summary>A prediction without a label is a regression: compared by value, it counts only when both values are known.</summary>
    public void Add(int version, DateTime predictionAt, string? predictedLabel, double? predictedValue, string actual, double? actualValue)
    {
        var task = predictedLabel is null ? Regression : Classification;
        if (!_versions.TryGetValue(version, out var figures)) _versions[version] = figures = (task, new Score(), new SortedDictionary<int, Score>());
        var index = (int)((predictionAt - window.From).Ticks / bucket.Ticks);
        if (!figures.Buckets.TryGetValue(index, out var score)) figures.Buckets[index] = score = new Score();
        if (task == Classification)
        {
            var correct = string.Equals(predictedLabel, actual, StringComparison.Ordinal);
            figures.Overall.AddClassification(correct);
            score.AddClassification(correct);
        }
        else if (predictedValue is { } predicted && actualValue is { } truth)
        {
            figures.Overall.AddRegression(predicted - truth);
            score.AddRegression(predicted - truth);
        }
    }

    public IReadOnlyList<VersionPerformance> Versions() =>
        _versions.OrderBy(v => v.Key).Select(v => new VersionPerformance(v.Key, v.Value.Task, v.Value.Overall.Figures(),
            v.Value.Buckets.Where(b => b.Value.Labelled > 0).Select(b => b.Value.Point(window.From + bucket * b.Key)).ToList())).ToList();

    private sealed class Score
    {
        private long _correct;
        private double _absoluteErrors;
        private double _squaredErrors;
        private bool _regression;

        public long Labelled { get; private set; }

        public void AddClassification(bool correct)
        {
            Labelled++;
            if (correct) _correct++;
        }

        public void AddRegression(double error)
        {
            _regression = true;
            Labelled++;
            _absoluteErrors += Math.Abs(error);
            _squaredErrors += error * error;
        }

        public PerformanceFigures Figures() => Labelled == 0
            ? new PerformanceFigures(0, null, null, null)
            : _regression
                ? new PerformanceFigures(Labelled, null, _absoluteErrors / Labelled, Math.Sqrt(_squaredErrors / Labelled))
                : new PerformanceFigures(Labelled, (double)_correct / Labelled, null, null);

        public PerformancePoint Point(DateTime start)
        {
            var figures = Figures();
            return new PerformancePoint(start, figures.Labelled, figures.Accuracy, figures.Mae, figures.Rmse);
        }
    }
}
