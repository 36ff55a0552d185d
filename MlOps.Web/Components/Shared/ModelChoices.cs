using System.Globalization;
using MlOps.Modules.Registry.Contracts;
using MlOps.Modules.Serving.Contracts;

namespace MlOps.Web.Components.Shared;

/// <summary>The "version or alias" choices of a model, as pickers show them ("alias production", "version 3"), and back.</summary>
public static class ModelChoices
{
    private const string AliasPrefix = "alias ", VersionPrefix = "version ";

    /// <summary>Its aliases first, then every version, newest first as the registry lists them.</summary>
    public static List<string> For(ModelSummary model, IEnumerable<ModelVersionDetails> versions) =>
        [.. model.Aliases.Keys.Order(StringComparer.Ordinal).Select(a => AliasPrefix + a), .. versions.Select(v => VersionPrefix + v.Version.ToString(CultureInfo.InvariantCulture))];

    /// <summary>Production when the model has it, else the first choice.</summary>
    public static string? Default(ModelSummary model, IReadOnlyList<string> choices) =>
        model.Aliases.ContainsKey(IModelRegistry.ProductionAlias) ? AliasPrefix + IModelRegistry.ProductionAlias : choices.FirstOrDefault();

    public static ServingTarget Target(string model, string choice) => choice.StartsWith(VersionPrefix, StringComparison.Ordinal)
        ? new ServingTarget(model, Version: int.Parse(choice[VersionPrefix.Length..], CultureInfo.InvariantCulture))
        : new ServingTarget(model, Alias: choice[AliasPrefix.Length..]);
}
