using System.Globalization;
using System.Security.Claims;
using System.Text.RegularExpressions;
using MlOps.Modules.Experiments.Contracts;
using MlOps.Modules.Mlflow.Protocol;
using MlOps.Modules.Mlflow.Tracking;
using MlOps.Modules.Platform.Contracts;
using MlOps.Modules.Registry.Contracts;

namespace MlOps.Modules.Mlflow.Models;

/// <summary>MLflow's model registry over MlOps's: production stays four-eyes, so MLflow cannot move it.</summary>
internal static partial class ModelRoutes
{
    private const string UnspecifiedTask = "Unspecified";
    private const int DefaultPageSize = 100;

    public static void MapModelRoutes(this IEndpointRouteBuilder mlflow)
    {
        mlflow.MapPost("/registered-models/create", CreateModelAsync).Writes().Accepts<NameRequest>("application/json")
            .WithName("MlflowCreateRegisteredModel").WithSummary("MLflow CreateRegisteredModel");
        mlflow.MapGet("/registered-models/get", GetModelAsync).WithName("MlflowGetRegisteredModel").WithSummary("MLflow GetRegisteredModel (?name=)");
        mlflow.MapGet("/registered-models/search", SearchModelsAsync).WithName("MlflowSearchRegisteredModels").WithSummary("MLflow SearchRegisteredModels; filters by name only");
        mlflow.MapPatch("/registered-models/update", UpdateModelAsync).Writes().Accepts<NameRequest>("application/json")
            .WithName("MlflowUpdateRegisteredModel").WithSummary("MLflow UpdateRegisteredModel: the description");
        mlflow.MapDelete("/registered-models/delete", DeleteModel).Writes().Accepts<NameRequest>("application/json")
            .WithName("MlflowDeleteRegisteredModel").WithSummary("MLflow DeleteRegisteredModel: refused, MlOps keeps every model for its audit trail");
        mlflow.MapPost("/registered-models/alias", SetAliasAsync).Writes().Accepts<AliasRequest>("application/json")
            .WithName("MlflowSetRegisteredModelAlias").WithSummary("MLflow SetRegisteredModelAlias; 'production' is refused (four-eyes promotion)");
        mlflow.MapDelete("/registered-models/alias", DeleteAliasAsync).Writes().Accepts<AliasRequest>("application/json")
            .WithName("MlflowDeleteRegisteredModelAlias").WithSummary("MLflow DeleteRegisteredModelAlias");
        mlflow.MapGet("/registered-models/alias", GetByAliasAsync).WithName("MlflowGetModelVersionByAlias").WithSummary("MLflow GetModelVersionByAlias (?name=&alias=)");
        mlflow.MapPost("/model-versions/create", CreateVersionAsync).Writes().Accepts<CreateVersionRequest>("application/json")
            .WithName("MlflowCreateModelVersion")
            .WithSummary("MLflow CreateModelVersion from a runs:/ or mlflow-artifacts:/ model folder; READY at once. Flavors MlOps does not serve are stored, not servable here");
        mlflow.MapGet("/model-versions/get", GetVersionAsync).WithName("MlflowGetModelVersion").WithSummary("MLflow GetModelVersion (?name=&version=)");
        mlflow.MapPatch("/model-versions/update", UpdateVersionAsync).Writes().Accepts<VersionRequest>("application/json")
            .WithName("MlflowUpdateModelVersion").WithSummary("MLflow UpdateModelVersion: the description");
        mlflow.MapPost("/model-versions/set-tag", SetVersionTagAsync).Writes().Accepts<VersionTagRequest>("application/json")
            .WithName("MlflowSetModelVersionTag").WithSummary("MLflow SetModelVersionTag");
        mlflow.MapDelete("/model-versions/delete-tag", DeleteVersionTagAsync).Writes().Accepts<VersionTagRequest>("application/json")
            .WithName("MlflowDeleteModelVersionTag").WithSummary("MLflow DeleteModelVersionTag");
        mlflow.MapGet("/model-versions/search", SearchVersionsAsync).WithName("MlflowSearchModelVersions").WithSummary("MLflow SearchModelVersions: filter name = 'x'");
        mlflow.MapGet("/model-versions/get-download-uri", GetDownloadUriAsync).WithName("MlflowGetModelVersionDownloadUri").WithSummary("MLflow GetModelVersionDownloadUri");
        mlflow.MapPost("/model-versions/transition-stage", TransitionStage).Writes().Accepts<VersionRequest>("application/json")
            .WithName("MlflowTransitionModelVersionStage").WithSummary("MLflow TransitionModelVersionStage: MlOps has aliases, not stages; Production is four-eyes");
    }

    private static async Task<IResult> CreateModelAsync(MlflowRequest<NameRequest> request, IModelRegistry registry, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        MlflowReply.OkOr(await registry.CreateModelAsync(request.Fields.Name ?? "", request.Fields.Description, user.ActorName(), cancellationToken),
            model => new { registered_model = ModelShapes.Model(model, null) }, MlflowErrorCode.ResourceAlreadyExists);

    private static async Task<IResult> GetModelAsync(
        MlflowRequest<NameRequest> request, IModelRegistry registry, IExperimentCatalog runs, IExperimentTracker tracker, CancellationToken cancellationToken)
    {
        var model = await registry.GetModelAsync(request.Fields.Name ?? "", cancellationToken);
        return model is null
            ? ModelMissing(request.Fields.Name)
            : MlflowReply.Ok(new { registered_model = await ModelAsync(model, registry, runs, tracker, cancellationToken) });
    }

    private static async Task<IResult> SearchModelsAsync(
        MlflowRequest<ModelSearchRequest> request, IModelRegistry registry, IExperimentCatalog runs, IExperimentTracker tracker, CancellationToken cancellationToken)
    {
        var fields = request.Fields;
        if (!NameFilter.TryParse(fields.Filter, out var filter)) return MlflowReply.Invalid($"Unsupported filter '{fields.Filter}'. {NameFilter.Supported}");
        if (!PageToken.TryRead(fields.PageToken, fields.MaxResults, DefaultPageSize, PageRequest.MaxPageSize, out var page, out var problem))
            return MlflowReply.Invalid(problem!);
        var found = await registry.ListModelsAsync(filter.Text, page, cancellationToken);
        var models = new List<MlflowRegisteredModel>();
        foreach (var model in found.Items.Where(m => filter.Matches(m.Name)))
            models.Add(await ModelAsync(model, registry, runs, tracker, cancellationToken));
        return MlflowReply.Ok(new { registered_models = models, next_page_token = PageToken.Next(found) });
    }

    private static async Task<IResult> UpdateModelAsync(
        MlflowRequest<NameRequest> request, IModelRegistry registry, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        MlflowReply.OkOr(await registry.DescribeModelAsync(request.Fields.Name ?? "", request.Fields.Description, user.ActorName(), cancellationToken),
            model => new { registered_model = ModelShapes.Model(model, null) });

    private static IResult DeleteModel(MlflowRequest<NameRequest> request) => MlflowReply.Error(MlflowErrorCode.PermissionDenied,
        $"MlOps keeps every registered model and version for its audit trail and lineage, so '{request.Fields.Name}' cannot be deleted; remove its aliases instead.");

    private static async Task<IResult> SetAliasAsync(MlflowRequest<AliasRequest> request, IModelRegistry registry, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var fields = request.Fields;
        if (!int.TryParse(fields.Version, NumberStyles.None, CultureInfo.InvariantCulture, out var version))
            return MlflowReply.Invalid($"'{fields.Version}' is not a model version number.");
        if (string.Equals(fields.Alias, IModelRegistry.ProductionAlias, StringComparison.OrdinalIgnoreCase))
            return FourEyes(fields.Name, version);
        var set = await registry.SetAliasAsync(fields.Name ?? "", fields.Alias ?? "", version, user.ActorName(), cancellationToken);
        return set.Succeeded ? MlflowReply.Done() : MlflowReply.Failed(set);
    }

    private static async Task<IResult> DeleteAliasAsync(MlflowRequest<AliasRequest> request, IModelRegistry registry, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (string.Equals(request.Fields.Alias, IModelRegistry.ProductionAlias, StringComparison.OrdinalIgnoreCase)) return FourEyes(request.Fields.Name, null);
        var removed = await registry.RemoveAliasAsync(request.Fields.Name ?? "", request.Fields.Alias ?? "", user.ActorName(), cancellationToken);
        return removed.Succeeded ? MlflowReply.Done() : MlflowReply.Failed(removed);
    }

    private static async Task<IResult> GetByAliasAsync(
        MlflowRequest<AliasRequest> request, IModelRegistry registry, IExperimentCatalog runs, IExperimentTracker tracker, CancellationToken cancellationToken)
    {
        var version = await registry.GetVersionAsync(request.Fields.Name ?? "", ModelSelector.ForAlias(request.Fields.Alias ?? ""), cancellationToken);
        return version is null
            ? MlflowReply.Missing($"Registered model '{request.Fields.Name}' has no alias '{request.Fields.Alias}'.")
            : MlflowReply.Ok(new { model_version = await VersionAsync(version, runs, tracker, cancellationToken) });
    }

    private static async Task<IResult> CreateVersionAsync(
        MlflowRequest<CreateVersionRequest> request, IModelRegistry registry, IExperimentCatalog runs, IExperimentTracker tracker,
        ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var fields = request.Fields;
        if (ParseSource(fields.Source) is not var (runId, path))
            return MlflowReply.Invalid($"Unsupported source '{fields.Source}'; register a model a run logged: runs:/<run_id>/<path> or mlflow-artifacts:/<experiment_id>/<run_id>/artifacts/<path>.");
        var run = await runs.GetRunAsync(runId, cancellationToken);
        if (run is null) return MlflowReply.Missing($"Run '{runId}' not found.");
        if (fields.RunId is { Length: > 0 } given && given != run.Id)
            return MlflowReply.Invalid($"run_id '{given}' does not match the run '{run.Id}' of the source.");

        var (folder, problem) = await ModelFolder.ReadAsync(tracker, run.Id, path, cancellationToken);
        if (folder is null) return MlflowReply.Invalid(problem!);
        // Training code records the task as a param or tag by convention, as for versions registered natively.
        var task = run.Params.GetValueOrDefault("task") ?? run.Tags.GetValueOrDefault("task") ?? UnspecifiedTask;
        if (fields.Tags?.Any(t => t?.Key is null || t.Value is null) == true) return MlflowReply.Invalid("Every tag needs a key and a value.");
        if (fields.Tags?.Any(t => t.Key == ModelShapes.ServableTag) == true) return ServableTagIsReadOnly();
        var tags = fields.Tags?.GroupBy(t => t.Key).ToDictionary(g => g.Key, g => g.Last().Value);
        var version = new NewModelVersion(fields.Name ?? "", task, RunId: run.Id, Metrics: run.Metrics, Flavors: folder.Flavors, Description: fields.Description, SourcePath: path, Tags: tags);

        OperationResult<Stream> opened;
        if (folder.Servable is null)
        {
            // Stored whole and never loaded: a pickle is code, and MlOps runs none of it.
            version = version with { Format = ModelFormat.MlflowFolder };
            opened = await FolderArchive.CreateAsync(runs, tracker, run.Id, path, cancellationToken);
            if (!opened.Succeeded) return MlflowReply.Failed(opened);
        }
        else
        {
            opened = await tracker.OpenArtifactAsync(run.Id, folder.ModelFile!, cancellationToken);
            if (!opened.Succeeded) return MlflowReply.Invalid($"The {folder.Servable.Name} flavor names '{folder.ModelFile}', which the run does not hold.");
            version = version with { Format = folder.Servable.Format, InputSchema = folder.Servable.Format == ModelFormat.Onnx ? folder.Columns : null };
        }

        await using var artifact = opened.Value!;
        var registered = await registry.RegisterVersionAsync(version, artifact, user.ActorName(), cancellationToken);
        return MlflowReply.OkOr(registered, v => new { model_version = ModelShapes.Version(v, Shapes.RunArtifactUri(run.ExperimentId, run.Id) + "/" + path) });
    }

    private static Task<IResult> SetVersionTagAsync(MlflowRequest<VersionTagRequest> request, IModelRegistry registry, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        TagVersionAsync(request.Fields, request.Fields.Value ?? "", registry, user, cancellationToken);

    private static Task<IResult> DeleteVersionTagAsync(MlflowRequest<VersionTagRequest> request, IModelRegistry registry, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        TagVersionAsync(request.Fields, null, registry, user, cancellationToken);

    private static async Task<IResult> TagVersionAsync(VersionTagRequest fields, string? value, IModelRegistry registry, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (fields.Key == ModelShapes.ServableTag) return ServableTagIsReadOnly();
        if (!int.TryParse(fields.Version, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            return MlflowReply.Missing($"Model Version (name={fields.Name}, version={fields.Version}) not found.");
        var tagged = await registry.TagVersionAsync(fields.Name ?? "", number, fields.Key ?? "", value, user.ActorName(), cancellationToken);
        return tagged.Succeeded ? MlflowReply.Done() : MlflowReply.Failed(tagged);
    }

    private static IResult ServableTagIsReadOnly() =>
        MlflowReply.Invalid($"The tag '{ModelShapes.ServableTag}' is MlOps's read-only word on whether it serves the version.");

    private static async Task<IResult> UpdateVersionAsync(
        MlflowRequest<VersionRequest> request, IModelRegistry registry, IExperimentCatalog runs, IExperimentTracker tracker, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var fields = request.Fields;
        if (!int.TryParse(fields.Version, NumberStyles.None, CultureInfo.InvariantCulture, out var number)) return VersionMissing(fields);
        var described = await registry.DescribeVersionAsync(fields.Name ?? "", number, fields.Description, user.ActorName(), cancellationToken);
        return described.Succeeded
            ? MlflowReply.Ok(new { model_version = await VersionAsync(described.Value!, runs, tracker, cancellationToken) })
            : MlflowReply.Failed(described);
    }

    private static async Task<IResult> GetVersionAsync(
        MlflowRequest<VersionRequest> request, IModelRegistry registry, IExperimentCatalog runs, IExperimentTracker tracker, CancellationToken cancellationToken)
    {
        var version = await FindVersionAsync(registry, request.Fields, cancellationToken);
        return version is null
            ? VersionMissing(request.Fields)
            : MlflowReply.Ok(new { model_version = await VersionAsync(version, runs, tracker, cancellationToken) });
    }

    private static async Task<IResult> SearchVersionsAsync(
        MlflowRequest<ModelSearchRequest> request, IModelRegistry registry, IExperimentCatalog runs, IExperimentTracker tracker, CancellationToken cancellationToken)
    {
        var fields = request.Fields;
        if (!NameFilter.TryParse(fields.Filter, out var filter) || !filter.Exact)
            return MlflowReply.Invalid($"Unsupported filter '{fields.Filter}'; MlOps searches the versions of one model: name = 'x'.");
        if (!PageToken.TryRead(fields.PageToken, fields.MaxResults, DefaultPageSize, PageRequest.MaxPageSize, out var page, out var problem))
            return MlflowReply.Invalid(problem!);
        var found = await registry.ListVersionsAsync(filter.Text!, page, cancellationToken);
        if (found is null) return MlflowReply.Ok(new { model_versions = Array.Empty<MlflowModelVersion>() });
        var versions = new List<MlflowModelVersion>();
        foreach (var version in found.Items) versions.Add(await VersionAsync(version, runs, tracker, cancellationToken));
        return MlflowReply.Ok(new { model_versions = versions, next_page_token = PageToken.Next(found) });
    }

    private static async Task<IResult> GetDownloadUriAsync(
        MlflowRequest<VersionRequest> request, IModelRegistry registry, IExperimentCatalog runs, IExperimentTracker tracker, CancellationToken cancellationToken)
    {
        var version = await FindVersionAsync(registry, request.Fields, cancellationToken);
        if (version is null) return VersionMissing(request.Fields);
        var source = await SourceAsync(version, runs, tracker, cancellationToken);
        return source is null
            ? MlflowReply.Missing($"Version {version.Version} of '{version.Name}' was not registered from an MLflow model folder; download it from /api/v1/models/{version.Name}/versions/{version.Version}.")
            : MlflowReply.Ok(new { artifact_uri = source });
    }

    private static IResult TransitionStage(MlflowRequest<VersionRequest> request) =>
        string.Equals(request.Fields.Stage, ModelShapes.ProductionStage, StringComparison.OrdinalIgnoreCase)
            ? FourEyes(request.Fields.Name, int.TryParse(request.Fields.Version, CultureInfo.InvariantCulture, out var version) ? version : null)
            : MlflowReply.Invalid("MlOps has aliases instead of stages: set an alias with POST /api/2.0/mlflow/registered-models/alias.");

    private static IResult FourEyes(string? name, int? version) => MlflowReply.Error(MlflowErrorCode.PermissionDenied,
        $"Production is four-eyes in MlOps: request the promotion with POST /api/v1/models/{name}/promotions {{\"version\": {(version?.ToString(CultureInfo.InvariantCulture) ?? "<version>")}, \"alias\": \"production\", \"reason\": \"...\"}} " +
        "(or the Promote button on the model's page), and another Admin approves it.");

    private static async Task<MlflowRegisteredModel> ModelAsync(
        ModelSummary model, IModelRegistry registry, IExperimentCatalog runs, IExperimentTracker tracker, CancellationToken cancellationToken)
    {
        var latest = model.LatestVersion > 0 ? await registry.GetVersionAsync(model.Name, ModelSelector.ForVersion(model.LatestVersion), cancellationToken) : null;
        return ModelShapes.Model(model, latest is null ? null : await VersionAsync(latest, runs, tracker, cancellationToken));
    }

    private static async Task<MlflowModelVersion> VersionAsync(ModelVersionDetails version, IExperimentCatalog runs, IExperimentTracker tracker, CancellationToken cancellationToken) =>
        ModelShapes.Version(version, await SourceAsync(version, runs, tracker, cancellationToken));

    /// <summary>
    /// The MLflow model folder a version came from: the folder it was registered from or, for a version registered before
    /// the Registry kept that folder, the run folder whose MLmodel names a file with the version's SHA-256.
    /// </summary>
    private static async Task<string?> SourceAsync(ModelVersionDetails version, IExperimentCatalog runs, IExperimentTracker tracker, CancellationToken cancellationToken)
    {
        if (version.RunId is null || await runs.GetRunAsync(version.RunId, cancellationToken) is not { } run) return null;
        // Flavors mark a version registered from an MLflow folder; a natively registered one names a file, not a folder.
        if (version.Flavors is not null && version.SourcePath is { } path) return Shapes.RunArtifactUri(run.ExperimentId, run.Id) + "/" + path;
        var folders = new Queue<string>([""]);
        while (folders.Count > 0)
        {
            var listed = await runs.ListArtifactsAsync(run.Id, folders.Dequeue(), cancellationToken);
            foreach (var entry in listed.Value ?? [])
            {
                if (entry.IsDirectory) folders.Enqueue(entry.Path);
                else if (entry.Sha256 == version.Artifact.Sha256 && entry.Path.LastIndexOf('/') is var slash and > 0)
                {
                    var folder = entry.Path[..slash];
                    var (model, _) = await ModelFolder.ReadAsync(tracker, run.Id, folder, cancellationToken);
                    if (model?.ModelFile == entry.Path) return Shapes.RunArtifactUri(run.ExperimentId, run.Id) + "/" + folder;
                }
            }
        }

        return null;
    }

    private static Task<ModelVersionDetails?> FindVersionAsync(IModelRegistry registry, VersionRequest fields, CancellationToken cancellationToken) =>
        int.TryParse(fields.Version, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? registry.GetVersionAsync(fields.Name ?? "", ModelSelector.ForVersion(number), cancellationToken)
            : Task.FromResult<ModelVersionDetails?>(null);

    private static (string RunId, string Path)? ParseSource(string? source)
    {
        if (source is null) return null;
        var match = RunsSource().Match(source);
        if (!match.Success) match = ProxiedSource().Match(source);
        return match.Success ? (match.Groups["run"].Value, match.Groups["path"].Value.TrimEnd('/')) : null;
    }

    private static IResult ModelMissing(string? name) => MlflowReply.Missing($"Registered Model with name={name} not found.");

    private static IResult VersionMissing(VersionRequest fields) => MlflowReply.Missing($"Model Version (name={fields.Name}, version={fields.Version}) not found.");

    [GeneratedRegex("^runs:/(?<run>[0-9]+)/(?<path>.+)$")]
    private static partial Regex RunsSource();

    [GeneratedRegex("^mlflow-artifacts:/+[0-9]+/(?<run>[0-9]+)/artifacts/(?<path>.+)$")]
    private static partial Regex ProxiedSource();
}
