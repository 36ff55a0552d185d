using MlOps.Modules.Mlflow.Tracking;
using MlOps.Modules.Registry.Contracts;

namespace MlOps.Modules.Mlflow.Models;

internal sealed record MlflowAlias(string Alias, string Version);

internal sealed record MlflowModelVersion(
    string Name, string Version, long CreationTimestamp, long LastUpdatedTimestamp, string UserId, string CurrentStage, string? Description,
    string? Source, string? RunId, string Status, IReadOnlyList<string> Aliases);

internal sealed record MlflowRegisteredModel(
    string Name, long CreationTimestamp, long LastUpdatedTimestamp, string? Description, IReadOnlyList<MlflowAlias> Aliases, IReadOnlyList<MlflowModelVersion>? LatestVersions);

internal sealed record NameRequest(string? Name, string? Description);

internal sealed record AliasRequest(string? Name, string? Alias, string? Version);

internal sealed record VersionRequest(string? Name, string? Version, string? Stage);

internal sealed record CreateVersionRequest(string? Name, string? Source, string? RunId, string? Description);

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
        null,
        source,
        version.RunId,
        Ready,
        version.Aliases);
}
