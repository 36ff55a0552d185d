using MlOps.Modules.Registry.Contracts;
using MlOps.Modules.Serving.Contracts;

namespace MlOps.Modules.Serving.Models;

internal static class ServingTargetAlias
{
    /// <summary>The alias a target names, <c>production</c> when it names none (a target with a version ignores it).</summary>
    public static string AliasOrProduction(this ServingTarget target) =>
        string.IsNullOrWhiteSpace(target.Alias) ? IModelRegistry.ProductionAlias : target.Alias;
}
