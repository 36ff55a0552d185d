using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using MlOps.Modules.Pipeline.Contracts;
using MlOps.Modules.Platform.Contracts;

namespace MlOps.Modules.Pipeline.Datasets.Upload;

internal static class UploadDatasetEndpoint
{
    // Room for the multipart boundaries and the name and description fields around the file.
    private const long FormOverheadBytes = 64 * 1024;

    public static void MapUploadDataset(this RouteGroupBuilder datasets, DatasetOptions limits)
    {
        var bodyLimit = limits.MaxUploadBytes + FormOverheadBytes;
        datasets.MapPost("/", UploadAsync)
            .RequireAuthorization(Policies.Write)
            // API callers authenticate with X-Api-Key, which a cross-site form cannot send; the sign-in cookie is SameSite=Lax.
            .DisableAntiforgery()
            .WithMetadata(new BodySizeLimit(bodyLimit))
            .WithFormOptions(multipartBodyLengthLimit: bodyLimit)
            .WithName("UploadDataset")
            .WithSummary("Uploads a CSV, or a ZIP of one folder per class of PNG/JPEG images, as a new dataset version");
    }

    private static async Task<Results<Created<DatasetVersionInfo>, Ok<DatasetVersionInfo>, ProblemHttpResult>> UploadAsync(
        [FromForm] string? name, IFormFile? file, [FromForm] string? description, IDatasetCatalog catalog, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (file is null)
        {
            return OperationProblems.From(OperationResult<DatasetUploadResult>.Fail(OperationError.Invalid, "file",
                "Attach the dataset as the form field 'file' (a CSV, or a ZIP of one folder per class of images)."));
        }

        await using var content = file.OpenReadStream();
        var upload = new DatasetUpload(name ?? "", NullIfEmpty(description), file.FileName, content);
        var result = await catalog.UploadAsync(upload, user.ActorName(), cancellationToken);
        if (!result.Succeeded) return OperationProblems.From(result);

        var version = result.Value!.Version;
        return result.Value.Created
            ? TypedResults.Created($"/api/v1/datasets/{version.Name}/versions/{version.Version}", version)
            : TypedResults.Ok(version);
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private sealed record BodySizeLimit(long? MaxRequestBodySize) : IRequestSizeLimitMetadata;
}
