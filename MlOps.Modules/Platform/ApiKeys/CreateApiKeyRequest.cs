using FluentValidation;
using MlOps.Modules.Platform.Contracts;

namespace MlOps.Modules.Platform.ApiKeys;

internal sealed record CreateApiKeyRequest(string Name, string Role);

internal sealed class CreateApiKeyValidator : AbstractValidator<CreateApiKeyRequest>
{
    public CreateApiKeyValidator()
    {
        RuleFor(r => r.Name).Must(Names.IsApiKeyName).WithMessage(Names.ApiKeyRule);
        RuleFor(r => r.Role).Must(Roles.IsKnown).WithMessage($"Role must be one of {string.Join(", ", Roles.All)}.");
    }
}
