using MlOps.Modules.Mlflow.Protocol;
using MlOps.Modules.Mlflow.Tracking;
using MlOps.Modules.Registry.Contracts;

namespace MlOps.Modules.Mlflow.Models;

internal sealed record MlflowAlias(string Alias, string Version);

internal sealed record MlflowModelVersion(
    string Name, string Version, long CreationTimestamp, long LastUpdatedTimestamp, string UserId, string CurrentStage, string? Description,
    string? Source, string? RunId, string Status, string? StatusMessage, IReadOnlyList<string> Aliases, IReadOnlyList<MlflowTag> Tags);

internal sealed record MlflowRegisteredModel(
    string Name, long CreationTimestamp, long LastUpdatedTimestamp, string? Description, IReadOnlyList<MlflowAlias> Aliases, IReadOnlyList<MlflowModelVersion>? LatestVersions);

internal sealed record NameRequest(string? Name, string? Description);

internal sealed record AliasRequest(string? Name, string? Alias, string? Version);

internal sealed record VersionRequest(string? Name, string? Version, string? Stage, string? Description);

internal sealed record CreateVersionRequest(string? Name, string? Source, string? RunId, string? Description, List<MlflowTag>? Tags);

internal sealed record VersionTagRequest(string? Name, string? Version, string? Key, string? Value);

internal sealed record ModelSearchRequest(string? Filter, int? MaxResults, string? PageToken);

/// <summary>Registry models and versions in MLflow's model_registry.proto shapes.</summary>
internal static class ModelShapes
{
    public const string Ready = "READY";
    public const string ProductionStage = "Production";

    public static MlflowRegisteredModel Model(ModelSummary model, MlflowModelVersion? latest) => new(
        model.Name,
        Shapes.Milliseconds(model.CreatedAt),
        Shapes.Milliseconds(model.UpdatedAt),
        model.Description,
        model.Aliases.Select(a => new MlflowAlias(a.Key, a.Value.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToList(),
        latest is null ? null : [latest]);

    public static MlflowModelVersion Version(ModelVersionDetails version, string? source) => new(
        version.Name,
        version.Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Shapes.Milliseconds(version.CreatedAt),
        Shapes.Milliseconds(version.CreatedAt),
        version.CreatedBy,
        version.Aliases.Contains(IModelRegistry.ProductionAlias) ? ProductionStage : "None",
        version.Description,
        source,
        version.RunId,
        Ready,
        version.Servable ? null : NotServableMessage(version),
        version.Aliases,
        [.. (version.Tags ?? new Dictionary<string, string>()).Select(t => new MlflowTag(t.Key, t.Value)), new MlflowTag(ServableTag, version.Servable ? "true" : "false")]);

    /// <summary>Read-only: whether MlOps serves the version, so a client sees "not servable here" without calling the native API.</summary>
    public const string ServableTag = "mlops.servable";

    private static string NotServableMessage(ModelVersionDetails version) =>
        $"Stored with its lineage but not servable here: MlOps serves {string.Join(" and ", ModelFolder.ServableFlavors.Select(f => f.Name))} models " +
        $"and never unpickles or runs the flavors {string.Join(", ", version.Flavors ?? [])}. It cannot be promoted to production.";
}
