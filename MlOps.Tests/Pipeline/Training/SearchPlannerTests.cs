using MlOps.Modules.Pipeline.Contracts;
using MlOps.Modules.Pipeline.Training.Search;
using MlOps.Modules.Pipeline.Training.Trainers;

namespace MlOps.Tests.Pipeline.Training;

public sealed class SearchPlannerTests
{
    private static readonly TrainerDefinition[] Two = [TrainerCatalog.Find("LightGbm")!, TrainerCatalog.Find("Sdca")!];

    [Theory]
    [InlineData(SearchStrategy.Grid)]
    [InlineData(SearchStrategy.Random)]
    public void Each_trainer_is_tried_with_its_defaults_first_and_the_budget_is_kept(SearchStrategy strategy)
    {
        var plan = SearchPlanner.Plan(Two, strategy, maxTrials: 7, seed: 3);

        Assert.Equal(7, plan.Count);
        Assert.Equal(["LightGbm", "Sdca"], plan.Take(2).Select(t => t.Trainer.Name));
        foreach (var first in plan.Take(2))
            Assert.All(first.Trainer.Hyperparameters, h => Assert.Equal(h.Default, first.Parameters.Values[h.Name]));
    }

    [Fact]
    public void Grid_points_are_distinct_and_within_their_ranges()
    {
        var plan = SearchPlanner.Plan([TrainerCatalog.Find("FastForest")!], SearchStrategy.Grid, maxTrials: 1000, seed: 1);

        Assert.Equal(27, plan.Count);
        Assert.Equal(plan.Count, plan.Select(t => string.Join(",", t.Parameters.Values.Values)).Distinct().Count());
        Assert.All(plan, t => Assert.All(t.Trainer.Hyperparameters, h => Assert.InRange(t.Parameters.Values[h.Name], h.Min, h.Max)));
    }

    [Fact]
    public void A_grid_over_ResNet18Features_varies_the_L2_penalty_only_for_the_head_that_reads_it()
    {
        var plan = SearchPlanner.Plan([TrainerCatalog.Find("ResNet18Features")!], SearchStrategy.Grid, maxTrials: 1000, seed: 1);
        string Head(PlannedTrial t) => ResNet18Features.Heads[(int)t.Parameters.Values["head"]];

        // Lbfgs: 2 pixel choices x 3 penalties; LightGbm and Sdca: 2 pixel choices each, at the default penalty.
        Assert.Equal(10, plan.Count);
        Assert.Equal(6, plan.Count(t => Head(t) == "Lbfgs"));
        Assert.All(plan.Where(t => Head(t) != "Lbfgs"), t => Assert.Equal(56, t.Parameters.Values["l2Regularization"]));
        Assert.Equal(plan.Count, plan.Select(t => string.Join(",", t.Parameters.Values.Values)).Distinct().Count());
    }

    [Fact]
    public void Random_search_is_reproducible_from_its_seed()
    {
        var first = SearchPlanner.Plan(Two, SearchStrategy.Random, 10, seed: 42).Select(t => t.Parameters.Values.Values.Sum());
        var second = SearchPlanner.Plan(Two, SearchStrategy.Random, 10, seed: 42).Select(t => t.Parameters.Values.Values.Sum());

        Assert.Equal(first, second);
    }
}
