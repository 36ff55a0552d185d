using FluentValidation;
using MlOps.Modules.Registry.Contracts;

namespace MlOps.Modules.Registry.Promotions;

internal sealed record RequestPromotionRequest(int Version, string? Alias, string Reason);

internal sealed class RequestPromotionValidator : AbstractValidator<RequestPromotionRequest>
{
    public RequestPromotionValidator()
    {
        RuleFor(r => r.Version).GreaterThan(0);
        RuleFor(r => r.Alias).Equal(IModelRegistry.ProductionAlias).When(r => r.Alias is not null)
            .WithMessage("Only the production alias is promoted; set other aliases with PUT /models/{name}/aliases/{alias}.");
        RuleFor(r => r.Reason).NotEmpty().MaximumLength(RegistryNames.MaxTextLength);
    }
}

internal sealed record ApprovePromotionRequest(string? Comment);

internal sealed class ApprovePromotionValidator : AbstractValidator<ApprovePromotionRequest>
{
    public ApprovePromotionValidator() => RuleFor(r => r.Comment).MaximumLength(RegistryNames.MaxTextLength);
}

internal sealed record RejectPromotionRequest(string Comment);

internal sealed class RejectPromotionValidator : AbstractValidator<RejectPromotionRequest>
{
    public RejectPromotionValidator() =>
        RuleFor(r => r.Comment).NotEmpty().WithMessage("Say why the request is rejected.").MaximumLength(RegistryNames.MaxTextLength);
}
