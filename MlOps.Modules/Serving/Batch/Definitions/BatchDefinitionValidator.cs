using FluentValidation;
using Microsoft.Extensions.Options;
using MlOps.Modules.Platform.Contracts;
using MlOps.Modules.Serving.Contracts;

namespace MlOps.Modules.Serving.Batch.Definitions;

internal sealed class BatchDefinitionValidator : AbstractValidator<BatchDefinition>
{
    public BatchDefinitionValidator(IOptions<SchedulingOptions> scheduling, TimeProvider clock)
    {
        RuleFor(d => d.Name).NotEmpty().Must(Names.IsLowercaseName).WithMessage(Names.LowercaseRule);
        RuleFor(d => d.Model).NotEmpty().WithMessage("Name the model to score with.")
            .Must(Names.IsModelName).WithMessage(Names.ModelRule);
        RuleFor(d => d.Alias).Must(Names.IsAlias).When(d => d.Alias is not null).WithMessage(Names.AliasRule);
        RuleFor(d => d.Version).GreaterThan(0).When(d => d.Version is not null);
        RuleFor(d => d.Version).Null().When(d => d.Alias is not null).WithMessage("Give an alias or a version, not both.");
        RuleFor(d => d.Source).NotNull().WithMessage("Name the dataset to score: source: { dataset: <name> }.");
        RuleFor(d => d.Source.Dataset).NotEmpty().When(d => d.Source is not null).OverridePropertyName("source.dataset")
            .WithMessage("Name the dataset to score.")
            .Must(Names.IsLowercaseName).When(d => !string.IsNullOrEmpty(d.Source?.Dataset)).WithMessage(Names.LowercaseRule);
        RuleFor(d => d.Source.Version).GreaterThan(0).When(d => d.Source?.Version is not null).OverridePropertyName("source.version");
        RuleFor(d => d.Target!.Format).Equal(BatchTarget.Csv).When(d => d.Target is not null).OverridePropertyName("target.format")
            .WithMessage("Batch jobs write CSV: the target format is 'csv'.");
        RuleFor(d => d.Target!.Name).Must(Names.IsOutputFileName).When(d => d.Target?.Name is not null).OverridePropertyName("target.name")
            .WithMessage(Names.OutputFileRule);
        RuleFor(d => d.Schedule).IsSchedule(scheduling.Value, clock).When(d => d.Schedule is not null);
        RuleFor(d => d.Description).MaximumLength(1000);
    }
}
