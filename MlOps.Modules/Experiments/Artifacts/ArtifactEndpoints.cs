using System.Security.Claims;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using MlOps.Modules.Experiments.Contracts;
using MlOps.Modules.Platform.Contracts;

namespace MlOps.Modules.Experiments.Artifacts;

internal static class ArtifactEndpoints
{
    public static void MapArtifacts(this IEndpointRouteBuilder runs)
    {
        runs.MapPut("/{id}/artifacts/{*path}", UploadAsync).RequireAuthorization(Policies.Write)
            .WithName("UploadArtifact").WithSummary("Stores the raw request body as a run artifact, recording its size and SHA-256");
        runs.MapGet("/{id}/artifacts/{*path}", DownloadAsync)
            .WithName("DownloadArtifact").WithSummary("Downloads a run artifact");
        runs.MapGet("/{id}/artifacts", ListAsync)
            .WithName("ListArtifacts").WithSummary("Lists one folder of a run's artifacts");
    }

    private static async Task<Results<Created<ArtifactInfo>, ProblemHttpResult>> UploadAsync(
        string id, string path, HttpContext context, IExperimentTracker tracker, IOptions<ExperimentsOptions> options,
        ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var limit = options.Value.MaxArtifactBytes;
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize) bodySize.MaxRequestBodySize = limit;
        if (context.Request.ContentLength > limit) return TooLarge(limit);
        try
        {
            var stored = await tracker.AttachArtifactAsync(id, path, context.Request.Body, user.ActorName(), cancellationToken);
            return stored.Succeeded
                ? TypedResults.Created($"/api/v1/runs/{id}/artifacts/{stored.Value!.Path}", stored.Value)
                : OperationProblems.From(stored);
        }
        catch (ArtifactTooLargeException)
        {
            return TooLarge(limit);
        }
    }

    private static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> DownloadAsync(
        string id, string path, IExperimentTracker tracker, CancellationToken cancellationToken)
    {
        var opened = await tracker.OpenArtifactAsync(id, path, cancellationToken);
        return opened.Succeeded
            ? TypedResults.Stream(opened.Value!, "application/octet-stream", path.Split('/')[^1])
            : OperationProblems.From(opened);
    }

    private static async Task<Results<Ok<IReadOnlyList<ArtifactInfo>>, ProblemHttpResult>> ListAsync(
        string id, string? path, IExperimentCatalog catalog, CancellationToken cancellationToken) =>
        OperationProblems.OkOr(await catalog.ListArtifactsAsync(id, path, cancellationToken));

    private static ProblemHttpResult TooLarge(long limit) => TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge,
        title: "The artifact is too large.", detail: $"Artifacts are at most {limit:N0} bytes (Experiments:MaxArtifactBytes); nothing was stored.");
}
