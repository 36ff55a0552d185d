using FluentValidation;
using MlOps.Modules.Experiments.Tracking;
using MlOps.Modules.Platform.Contracts;

namespace MlOps.Modules.Experiments.CreateExperiment;

internal sealed record CreateExperimentRequest(string Name, string? Description, Dictionary<string, string>? Tags);

internal sealed class CreateExperimentValidator : AbstractValidator<CreateExperimentRequest>
{
    public CreateExperimentValidator()
    {
        RuleFor(r => r.Name).NotEmpty().MaximumLength(TrackingLimits.MaxNameLength).Must(Names.IsPrintable).WithMessage(Names.ControlCharacterRule);
        RuleFor(r => r.Description).MaximumLength(TrackingLimits.MaxDescriptionLength);
        RuleForEach(r => r.Tags).Custom((tag, context) =>
        {
            if (TrackingLimits.CheckKey(tag.Key) is { } keyProblem) context.AddFailure("tags", keyProblem);
            if (TrackingLimits.CheckValue(tag.Value) is { } valueProblem) context.AddFailure($"tags.{tag.Key}", valueProblem);
        });
    }
}
