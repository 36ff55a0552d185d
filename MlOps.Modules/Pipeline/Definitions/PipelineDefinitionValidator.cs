using FluentValidation;
using Microsoft.Extensions.Options;
using MlOps.Modules.Pipeline.Contracts;
using MlOps.Modules.Pipeline.Training.Evaluation;
using MlOps.Modules.Pipeline.Training.Trainers;
using MlOps.Modules.Platform.Contracts;

namespace MlOps.Modules.Pipeline.Definitions;

internal sealed class PipelineDefinitionValidator : AbstractValidator<PipelineDefinition>
{
    public PipelineDefinitionValidator(IOptions<SchedulingOptions> scheduling, TimeProvider clock)
    {
        RuleFor(d => d.Name).NotEmpty().Must(Names.IsLowercaseName).WithMessage(Names.LowercaseRule);
        RuleFor(d => d.Dataset).NotEmpty().Must(Names.IsLowercaseName).WithMessage(Names.LowercaseRule);
        RuleFor(d => d.DatasetVersion).GreaterThan(0).When(d => d.DatasetVersion is not null);
        RuleFor(d => d.Task).IsInEnum();
        RuleFor(d => d.Label).NotEmpty().Must(Names.IsPrintable).WithMessage(Names.ControlCharacterRule);
        RuleFor(d => d.Trainers).NotEmpty().WithMessage("Name at least one trainer; GET /api/v1/trainers lists them.");
        RuleForEach(d => d.Trainers)
            .Must((d, name) => TrainerCatalog.Find(name)?.Supports(d.Task) == true)
            .WithMessage((d, name) => $"'{name}' is not a trainer for {d.Task}; choose from {string.Join(", ", TrainerCatalog.For(d.Task).Select(t => t.Name))}.");
        RuleFor(d => d.Search!.MaxTrials).InclusiveBetween(1, 500).When(d => d.Search is not null).OverridePropertyName("search.maxTrials");
        RuleFor(d => d.Search!.MaxMinutes).GreaterThan(0).LessThanOrEqualTo(24 * 60).When(d => d.Search is not null).OverridePropertyName("search.maxMinutes");
        RuleFor(d => d.Search!.Strategy).IsInEnum().When(d => d.Search is not null).OverridePropertyName("search.strategy");
        RuleFor(d => d.Validation!.TestFraction).InclusiveBetween(0.05, 0.5).When(d => d.Validation?.TestFraction is not null)
            .OverridePropertyName("validation.testFraction");
        RuleFor(d => d.Validation!.Folds).InclusiveBetween(2, 10).When(d => d.Validation?.Folds is not null)
            .OverridePropertyName("validation.folds");
        RuleFor(d => d.Validation).Must(v => v!.Folds is null || v.TestFraction is null).When(d => d.Validation is not null)
            .WithMessage("Give either testFraction (holdout) or folds (cross-validation), not both.");
        RuleFor(d => d.OptimizeMetric)
            .Must((d, metric) => MetricNames.For(d.Task).Contains(metric!))
            .When(d => d.OptimizeMetric is not null)
            .WithMessage(d => $"optimizeMetric for {d.Task} is one of {string.Join(", ", MetricNames.For(d.Task))}.");
        RuleFor(d => d.ModelName).Must(Names.IsLowercaseName).When(d => !string.IsNullOrEmpty(d.ModelName))
            .OverridePropertyName("registerModel").WithMessage("registerModel must be a model name in lowercase letters, digits, '.', '_' and '-'.");
        RuleFor(d => d.Schedule!.Cron).IsSchedule(scheduling.Value, clock)
            .When(d => d.Schedule is not null).OverridePropertyName("schedule.cron");
        RuleFor(d => d.Promotion).Must((d, _) => d.ModelName is not null).When(d => d.Promotion?.RequestProductionIfBetter == true)
            .WithMessage("requestProductionIfBetter needs registerModel.");
        RuleFor(d => d.RetrainOnDrift).Must((d, _) => d.ModelName is not null).When(d => d.RetrainOnDrift)
            .WithMessage("retrainOnDrift needs registerModel: drift is watched on the registered model.");
        RuleFor(d => d.Images).Must((d, _) => d.Task == TrainingTask.ImageClassification).When(d => d.Images?.Flips == true)
            .OverridePropertyName("images.flips").WithMessage("images.flips applies to the ImageClassification task.");
        RuleFor(d => d.Images).Must((d, _) => d.Validation?.Folds is null).When(d => d.Images?.Flips == true)
            .OverridePropertyName("images.flips").WithMessage("images.flips is weighed on a holdout split: use validation.testFraction, not folds.");
        RuleFor(d => d.Description).MaximumLength(1000);
    }
}

internal sealed class ScheduleSettingsValidator : AbstractValidator<ScheduleSettings>
{
    public ScheduleSettingsValidator(IOptions<SchedulingOptions> scheduling, TimeProvider clock) =>
        RuleFor(s => s.Cron).IsSchedule(scheduling.Value, clock);
}
