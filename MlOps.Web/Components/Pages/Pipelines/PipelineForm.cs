using MlOps.Modules.Pipeline.Contracts;

namespace MlOps.Web.Components.Pages.Pipelines;

/// <summary>The editor's mutable copy of a <see cref="PipelineDefinition"/>.</summary>
internal sealed class PipelineForm
{
    public const string ImageLabel = "Label";

    public string Name { get; set; } = "";
    public string? Description { get; set; }
    public string? Dataset { get; set; }
    public int? DatasetVersion { get; set; }
    public TrainingTask Task { get; set; } = TrainingTask.MulticlassClassification;
    public string? Label { get; set; }
    public IReadOnlyCollection<string> Features { get; set; } = [];
    public IReadOnlyCollection<string> Ignore { get; set; } = [];
    public HashSet<string> Trainers { get; } = new(StringComparer.OrdinalIgnoreCase);
    public SearchStrategy Strategy { get; set; } = SearchStrategy.Grid;
    public int MaxTrials { get; set; } = 10;
    public double MaxMinutes { get; set; } = 30;
    public bool CrossValidation { get; set; }
    public double TestFraction { get; set; } = PipelineDefinition.DefaultTestFraction;
    public int Seed { get; set; } = PipelineDefinition.DefaultSeed;
    public int Folds { get; set; } = 5;
    public string? OptimizeMetric { get; set; }
    public string? RegisterModel { get; set; }
    public bool RequestProductionIfBetter { get; set; }
    public bool RetrainOnDrift { get; set; }
    public ScheduleSettings? Schedule { get; set; }

    public static PipelineForm From(PipelineDefinition definition)
    {
        var form = new PipelineForm
        {
            Name = definition.Name,
            Description = definition.Description,
            Dataset = definition.Dataset,
            DatasetVersion = definition.DatasetVersion,
            Task = definition.Task,
            Label = definition.Label,
            Features = definition.Features?.ToList() ?? [],
            Ignore = definition.Ignore?.ToList() ?? [],
            Strategy = definition.Search?.Strategy ?? SearchStrategy.Grid,
            MaxTrials = definition.Search?.MaxTrials ?? 10,
            MaxMinutes = definition.Search?.MaxMinutes ?? 30,
            CrossValidation = definition.Validation?.Folds is not null,
            TestFraction = definition.Validation?.TestFraction ?? PipelineDefinition.DefaultTestFraction,
            Seed = definition.Validation?.Seed ?? PipelineDefinition.DefaultSeed,
            Folds = definition.Validation?.Folds ?? 5,
            OptimizeMetric = definition.OptimizeMetric,
            RegisterModel = definition.ModelName,
            RequestProductionIfBetter = definition.Promotion?.RequestProductionIfBetter ?? false,
            RetrainOnDrift = definition.RetrainOnDrift,
            Schedule = definition.Schedule,
        };
        form.Trainers.UnionWith(definition.Trainers);
        return form;
    }

    public PipelineDefinition ToDefinition() => new(
        Name.Trim(),
        Dataset ?? "",
        Task,
        Label ?? "",
        Trainers.Order(StringComparer.Ordinal).ToList(),
        DatasetVersion,
        Features.Count > 0 ? Features.ToList() : null,
        Ignore.Count > 0 ? Ignore.ToList() : null,
        new SearchSettings(Strategy, MaxTrials, MaxMinutes),
        CrossValidation ? new ValidationSettings(Folds: Folds) : new ValidationSettings(TestFraction, Seed),
        string.IsNullOrWhiteSpace(OptimizeMetric) ? null : OptimizeMetric,
        string.IsNullOrWhiteSpace(RegisterModel) ? null : RegisterModel.Trim(),
        Schedule,
        RequestProductionIfBetter ? new PromotionSettings(true) : null,
        string.IsNullOrWhiteSpace(Description) ? null : Description.Trim(),
        RetrainOnDrift);
}
