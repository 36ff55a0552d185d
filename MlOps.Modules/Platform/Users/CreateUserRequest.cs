using FluentValidation;
using MlOps.Modules.Platform.Contracts;

namespace MlOps.Modules.Platform.Users;

internal sealed record CreateUserRequest(string Email, string Password, string Role);

internal sealed class CreateUserValidator : AbstractValidator<CreateUserRequest>
{
    public CreateUserValidator()
    {
        RuleFor(r => r.Email).NotEmpty().EmailAddress().MaximumLength(256);
        RuleFor(r => r.Password).NotEmpty().MinimumLength(Identity.IdentitySetup.MinimumPasswordLength);
        RuleFor(r => r.Role).Must(Roles.IsKnown).WithMessage($"Role must be one of {string.Join(", ", Roles.All)}.");
    }
}

internal sealed record SetRoleRequest(string Role);

internal sealed class SetRoleValidator : AbstractValidator<SetRoleRequest>
{
    public SetRoleValidator() =>
        RuleFor(r => r.Role).Must(Roles.IsKnown).WithMessage($"Role must be one of {string.Join(", ", Roles.All)}.");
}

internal sealed record ResetPasswordRequest(string NewPassword);

internal sealed class ResetPasswordValidator : AbstractValidator<ResetPasswordRequest>
{
    public ResetPasswordValidator() =>
        RuleFor(r => r.NewPassword).NotEmpty().MinimumLength(Identity.IdentitySetup.MinimumPasswordLength);
}
