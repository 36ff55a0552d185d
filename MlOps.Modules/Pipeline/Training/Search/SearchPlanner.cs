using MlOps.Modules.Pipeline.Contracts;
using MlOps.Modules.Pipeline.Training.Trainers;

namespace MlOps.Modules.Pipeline.Training.Search;

internal sealed record PlannedTrial(TrainerDefinition Trainer, TrialParameters Parameters);

/// <summary>
/// Orders trials so any budget is spent well: every trainer's defaults first, then grid points or
/// random draws, taking trainers in turn.
/// </summary>
internal static class SearchPlanner
{
    public static IReadOnlyList<PlannedTrial> Plan(IReadOnlyList<TrainerDefinition> trainers, SearchStrategy strategy, int maxTrials, int seed)
    {
        var random = new Random(seed);
        var perTrainer = trainers.Select(trainer => strategy == SearchStrategy.Grid
            ? Grid(trainer).GetEnumerator()
            : RandomDraws(trainer, random).GetEnumerator()).ToList();

        var plan = new List<PlannedTrial>();
        var exhausted = new HashSet<int>();
        while (plan.Count < maxTrials && exhausted.Count < perTrainer.Count)
        {
            for (var i = 0; i < perTrainer.Count && plan.Count < maxTrials; i++)
            {
                if (exhausted.Contains(i)) continue;
                if (perTrainer[i].MoveNext()) plan.Add(perTrainer[i].Current);
                else exhausted.Add(i);
            }
        }

        return plan;
    }

    private static IEnumerable<PlannedTrial> Grid(TrainerDefinition trainer)
    {
        IEnumerable<Dictionary<string, double>> points = [new Dictionary<string, double>()];
        foreach (var range in trainer.Hyperparameters)
        {
            var values = GridValues(range);
            points = points.SelectMany(point => values.Select(value => new Dictionary<string, double>(point) { [range.Name] = value }));
        }

        return points.Select(point => new TrialParameters(trainer, trainer.Effective(point)))
            .DistinctBy(parameters => string.Join(',', parameters.Values.Values))
            .Select(parameters => new PlannedTrial(trainer, parameters));
    }

    private static IEnumerable<PlannedTrial> RandomDraws(TrainerDefinition trainer, Random random)
    {
        yield return new PlannedTrial(trainer, new TrialParameters(trainer, new Dictionary<string, double>()));
        while (true)
            yield return new PlannedTrial(trainer, new TrialParameters(trainer, trainer.Effective(trainer.Hyperparameters.ToDictionary(h => h.Name, h => Draw(h, random.NextDouble())))));
    }

    /// <summary>The default first, then points a quarter and three quarters along the range.</summary>
    private static double[] GridValues(HyperparameterRange range) =>
        new[] { range.Default, Draw(range, 0.25), Draw(range, 0.75) }.Distinct().ToArray();

    private static double Draw(HyperparameterRange range, double fraction)
    {
        var value = range.LogScale
            ? Math.Exp(Math.Log(range.Min) + fraction * (Math.Log(range.Max) - Math.Log(range.Min)))
            : range.Min + fraction * (range.Max - range.Min);
        return range.Kind == HyperparameterKind.Integer ? Math.Round(value) : value;
    }
}
