using FluentValidation;

namespace MlOps.Modules.Registry.Aliases;

internal sealed record SetAliasRequest(int Version);

internal sealed class SetAliasValidator : AbstractValidator<SetAliasRequest>
{
    public SetAliasValidator() => RuleFor(r => r.Version).GreaterThan(0);
}
