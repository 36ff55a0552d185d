using Microsoft.AspNetCore.Http.HttpResults;
using MlOps.Modules.Pipeline.Contracts;
using MlOps.Modules.Platform.Contracts;

namespace MlOps.Modules.Pipeline.Datasets.Queries;

internal static class DatasetEndpoints
{
    public const int MaxPreviewRows = 100;
    public const int DefaultThumbnailSide = 128;
    private const int MaxThumbnailSide = 512;

    public static void MapDatasetQueries(this RouteGroupBuilder datasets)
    {
        var read = datasets.MapGroup("/").RequireAuthorization(Policies.Read);
        read.MapGet("/", ListAsync).WithName("ListDatasets").WithSummary("Lists datasets with their latest version");
        read.MapGet("/{name}", GetAsync).WithName("GetDataset").WithSummary("A dataset with all its versions, newest first");
        read.MapGet("/{name}/versions/{version:int}", GetVersionAsync).WithName("GetDatasetVersion").WithSummary("One version: schema, counts and classes");
        read.MapGet("/{name}/versions/{version:int}/preview", PreviewAsync).WithName("PreviewDatasetVersion").WithSummary("The first rows of a version");
        read.MapGet("/{name}/versions/{version:int}/statistics", StatisticsAsync).WithName("GetDatasetStatistics")
            .WithSummary("Reference statistics: histograms, category frequencies, image intensity and sizes");
        read.MapGet("/{name}/versions/{version:int}/file", DownloadAsync).WithName("DownloadDatasetVersion").WithSummary("The uploaded file as stored");
        read.MapGet("/{name}/versions/{version:int}/images/{*entry}", ImageAsync).WithName("GetDatasetImage")
            .WithSummary("A picture of an image dataset, scaled down to ?size= pixels (default 128)");
    }

    private static async Task<Results<Ok<Paged<DatasetSummary>>, ValidationProblem>> ListAsync(
        int? page, int? pageSize, IDatasetCatalog catalog, CancellationToken cancellationToken) =>
        Paging.Validate(page, pageSize) is { } problem
            ? problem
            : TypedResults.Ok(await catalog.ListAsync(Paging.From(page, pageSize), cancellationToken));

    private static async Task<Results<Ok<DatasetDetails>, NotFound>> GetAsync(string name, IDatasetCatalog catalog, CancellationToken cancellationToken) =>
        await catalog.GetAsync(name, cancellationToken) is { } dataset ? TypedResults.Ok(dataset) : TypedResults.NotFound();

    private static async Task<Results<Ok<DatasetVersionInfo>, NotFound>> GetVersionAsync(
        string name, int version, IDatasetCatalog catalog, CancellationToken cancellationToken) =>
        await catalog.GetVersionAsync(name, version, cancellationToken) is { } info ? TypedResults.Ok(info) : TypedResults.NotFound();

    private static async Task<Results<Ok<DatasetPreview>, NotFound, ValidationProblem>> PreviewAsync(
        string name, int version, int? rows, IDatasetCatalog catalog, CancellationToken cancellationToken)
    {
        if (rows is < 1 or > MaxPreviewRows)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["rows"] = [$"rows must be between 1 and {MaxPreviewRows}."] });
        return await catalog.GetPreviewAsync(name, version, rows ?? 20, cancellationToken) is { } preview ? TypedResults.Ok(preview) : TypedResults.NotFound();
    }

    private static async Task<Results<Ok<ReferenceStatistics>, NotFound>> StatisticsAsync(
        string name, int version, IDatasetCatalog catalog, CancellationToken cancellationToken) =>
        await catalog.GetReferenceStatisticsAsync(name, version, cancellationToken) is { } statistics ? TypedResults.Ok(statistics) : TypedResults.NotFound();

    private static async Task<Results<FileStreamHttpResult, NotFound>> DownloadAsync(
        string name, int version, IDatasetCatalog catalog, CancellationToken cancellationToken)
    {
        var info = await catalog.GetVersionAsync(name, version, cancellationToken);
        var file = info is null ? null : await catalog.OpenFileAsync(name, version, cancellationToken);
        if (info is null || file is null) return TypedResults.NotFound();
        var contentType = info.Kind == DatasetKind.Image ? "application/zip" : "text/csv";
        return TypedResults.File(file, contentType, info.FileName);
    }

    private static async Task<Results<FileContentHttpResult, NotFound, ValidationProblem>> ImageAsync(
        string name, int version, string entry, int? size, IDatasetCatalog catalog, HttpResponse response, CancellationToken cancellationToken)
    {
        if (size is < 1 or > MaxThumbnailSide)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["size"] = [$"size must be between 1 and {MaxThumbnailSide}."] });
        var image = await catalog.GetImageAsync(name, version, entry, size ?? DefaultThumbnailSide, cancellationToken);
        if (image is null) return TypedResults.NotFound();
        // A version never changes, so its pictures can stay in the signed-in user's browser cache.
        response.Headers.CacheControl = "private, max-age=86400";
        return TypedResults.File(image.Content, image.ContentType);
    }
}
