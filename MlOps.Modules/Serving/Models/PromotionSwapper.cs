using MlOps.Modules.Registry.Contracts;

namespace MlOps.Modules.Serving.Models;

/// <summary>Serving's answer to an approved promotion: load and warm the version, then move the alias.</summary>
internal sealed class PromotionSwapper(ModelCache cache) : IModelPromotionListener
{
    public Task OnModelPromotedAsync(ModelPromoted promoted, CancellationToken cancellationToken) =>
        cache.SwapAsync(promoted.Name, promoted.Alias, promoted.Version, cancellationToken);
}
