using FluentValidation;
using MlOps.Modules.Platform.Contracts;

namespace MlOps.Modules.Platform.ApiKeys;

internal sealed record CreateApiKeyRequest(string Name, string Role);

internal sealed class CreateApiKeyValidator : AbstractValidator<CreateApiKeyRequest>
{
    public CreateApiKeyValidator()
    {
        RuleFor(r => r.Name).NotEmpty().MaximumLength(100)
            .Matches("^[A-Za-z0-9][A-Za-z0-9 ._-]*$").WithMessage("Name may hold letters, digits, spaces, '.', '_' and '-'.");
        RuleFor(r => r.Role).Must(Roles.IsKnown).WithMessage($"Role must be one of {string.Join(", ", Roles.All)}.");
    }
}
