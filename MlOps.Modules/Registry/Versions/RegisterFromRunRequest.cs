using FluentValidation;

namespace MlOps.Modules.Registry.Versions;

internal sealed record RegisterFromRunRequest(string RunId, string ArtifactPath, string? Task, string? Description);

internal sealed class RegisterFromRunValidator : AbstractValidator<RegisterFromRunRequest>
{
    public RegisterFromRunValidator()
    {
        RuleFor(r => r.RunId).NotEmpty();
        RuleFor(r => r.ArtifactPath).NotEmpty();
        RuleFor(r => r.Task).MaximumLength(64);
        RuleFor(r => r.Description).MaximumLength(RegistryNames.MaxTextLength);
    }
}
