using System.Security.Claims;
using Microsoft.AspNetCore.Http.Features;
using MlOps.Modules.Experiments.Contracts;
using MlOps.Modules.Mlflow.Protocol;
using MlOps.Modules.Mlflow.Tracking;
using MlOps.Modules.Platform.Contracts;

namespace MlOps.Modules.Mlflow.Artifacts;

/// <summary>
/// MLflow's proxied artifact API over run artifacts. A run's <c>artifact_uri</c> is
/// <c>mlflow-artifacts:/{experiment}/{run}/artifacts</c>, so every path here starts with those three segments and the
/// rest is the artifact's path in the run, checked by the Experiments module exactly as the native API's are.
/// </summary>
internal static class ArtifactRoutes
{
    public static void MapArtifactListRoute(this IEndpointRouteBuilder mlflow) =>
        mlflow.MapGet("/artifacts/list", ListForRunAsync).WithName("MlflowListArtifacts").WithSummary("MLflow ListArtifacts (?run_id=&path=)");

    public static void MapProxiedArtifactRoutes(this IEndpointRouteBuilder artifacts)
    {
        artifacts.MapPut("/artifacts/{*path}", UploadAsync).Writes()
            .WithName("MlflowUploadArtifact").WithSummary("MLflow artifacts proxy: stores the body as a run artifact");
        artifacts.MapGet("/artifacts/{*path}", DownloadAsync).WithName("MlflowDownloadArtifact").WithSummary("MLflow artifacts proxy: downloads a run artifact");
        artifacts.MapDelete("/artifacts/{*path}", DeleteAsync).Writes()
            .WithName("MlflowDeleteArtifact").WithSummary("MLflow artifacts proxy: deletes a run artifact or folder");
        artifacts.MapGet("/artifacts", ListAsync).WithName("MlflowListProxiedArtifacts").WithSummary("MLflow artifacts proxy: lists a folder (?path=)");
    }

    private static async Task<IResult> UploadAsync(
        string path, HttpContext context, IExperimentCatalog catalog, IExperimentTracker tracker, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var (run, relative, problem) = await ResolveAsync(catalog, path, cancellationToken);
        if (problem is not null) return problem;
        // The Experiments module enforces its own artifact size limit while it streams; Kestrel's default cap would be a second, different limit.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize) bodySize.MaxRequestBodySize = null;
        try
        {
            var stored = await tracker.AttachArtifactAsync(run!.Id, relative, context.Request.Body, user.ActorName(), cancellationToken);
            return stored.Succeeded ? MlflowReply.Done() : MlflowReply.Failed(stored);
        }
        catch (ArtifactTooLargeException tooLarge)
        {
            return MlflowReply.Invalid($"{tooLarge.Message} Nothing was stored.");
        }
    }

    private static async Task<IResult> DownloadAsync(string path, IExperimentCatalog catalog, IExperimentTracker tracker, CancellationToken cancellationToken)
    {
        var (run, relative, problem) = await ResolveAsync(catalog, path, cancellationToken);
        if (problem is not null) return problem;
        var opened = await tracker.OpenArtifactAsync(run!.Id, relative, cancellationToken);
        return opened.Succeeded
            ? TypedResults.Stream(opened.Value!, "application/octet-stream", relative.Split('/')[^1])
            : MlflowReply.Failed(opened);
    }

    private static async Task<IResult> DeleteAsync(
        string path, IExperimentCatalog catalog, IExperimentTracker tracker, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var (run, relative, problem) = await ResolveAsync(catalog, path, cancellationToken);
        if (problem is not null) return problem;
        var deleted = await tracker.DeleteArtifactAsync(run!.Id, relative, user.ActorName(), cancellationToken);
        return deleted.Succeeded ? MlflowReply.Done() : MlflowReply.Failed(deleted);
    }

    private static async Task<IResult> ListAsync(string? path, IExperimentCatalog catalog, CancellationToken cancellationToken)
    {
        var (run, relative, problem) = await ResolveAsync(catalog, path ?? "", cancellationToken, allowRoot: true);
        if (problem is not null) return problem;
        var listed = await catalog.ListArtifactsAsync(run!.Id, relative, cancellationToken);
        return MlflowReply.OkOr(listed, entries => new { files = entries.Select(e => new MlflowFileInfo(e.Path.Split('/')[^1], e.IsDirectory, e.Size)).ToList() });
    }

    private static async Task<IResult> ListForRunAsync(MlflowRequest<ListArtifactsRequest> request, IExperimentCatalog catalog, CancellationToken cancellationToken)
    {
        var fields = request.Fields;
        var run = await catalog.GetRunAsync(fields.Id ?? "", cancellationToken);
        if (run is null) return MlflowReply.Missing($"Run '{fields.Id}' not found.");
        var listed = await catalog.ListArtifactsAsync(run.Id, fields.Path, cancellationToken);
        return MlflowReply.OkOr(listed, entries => new
        {
            root_uri = Shapes.RunArtifactUri(run.ExperimentId, run.Id),
            files = entries.Select(e => new MlflowFileInfo(e.Path, e.IsDirectory, e.Size)).ToList(),
        });
    }

    /// <summary>Splits <c>{experiment}/{run}/artifacts/{rest}</c> and checks that the run exists in that experiment.</summary>
    private static async Task<(RunDetails? Run, string Relative, IResult? Problem)> ResolveAsync(
        IExperimentCatalog catalog, string path, CancellationToken cancellationToken, bool allowRoot = false)
    {
        var parts = path.Split('/', 4);
        if (parts.Length < 3 || parts[2] != "artifacts" || (!allowRoot && (parts.Length < 4 || parts[3].Length == 0)))
            return (null, "", MlflowReply.Invalid($"'{path}' is not a run artifact path; paths look like {{experiment_id}}/{{run_id}}/artifacts/{{file}}."));
        var run = await catalog.GetRunAsync(parts[1], cancellationToken);
        if (run is null || run.ExperimentId != parts[0])
            return (null, "", MlflowReply.Missing($"Run '{parts[1]}' of experiment '{parts[0]}' not found."));
        return (run, parts.Length == 4 ? parts[3] : "", null);
    }
}
