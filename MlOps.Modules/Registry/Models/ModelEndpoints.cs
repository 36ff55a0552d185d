using Microsoft.AspNetCore.Http.HttpResults;
using MlOps.Modules.Platform.Contracts;
using MlOps.Modules.Registry.Contracts;

namespace MlOps.Modules.Registry.Models;

internal static class ModelEndpoints
{
    public static void MapModelEndpoints(this IEndpointRouteBuilder api)
    {
        var models = api.MapGroup("/models").RequireAuthorization(Policies.Read).WithTags("Registry");
        models.MapGet("/", ListAsync).WithName("ListModels").WithSummary("Lists registered models, most recently changed first");
        models.MapGet("/{name}", GetAsync).WithName("GetModel").WithSummary("Gets a model with its aliases and latest version");
        models.MapGet("/{name}/versions", ListVersionsAsync).WithName("ListModelVersions").WithSummary("Lists a model's versions, newest first");
        models.MapGet("/{name}/versions/{version:int}", GetVersionAsync).WithName("GetModelVersion").WithSummary("Gets a model version with its lineage");
        models.MapGet("/{name}/versions/{version:int}/artifact", DownloadAsync).WithName("DownloadModelArtifact")
            .WithSummary("Downloads the model zip after checking its SHA-256; 409 when the stored file is missing or altered");
        models.MapGet("/{name}/versions/{version:int}/onnx", DownloadOnnxAsync).WithName("DownloadModelOnnx")
            .WithSummary("Downloads the version as ONNX: an uploaded model as it was, or an ML.NET version's checked export; 404 says why there is none");
    }

    private static async Task<Results<Ok<Paged<ModelSummary>>, ValidationProblem>> ListAsync(
        IModelRegistry registry, string? search, int? page, int? pageSize, CancellationToken cancellationToken)
    {
        if (Paging.Validate(page, pageSize) is { } problem) return problem;
        return TypedResults.Ok(await registry.ListModelsAsync(search, Paging.From(page, pageSize), cancellationToken));
    }

    private static async Task<Results<Ok<ModelSummary>, ProblemHttpResult>> GetAsync(string name, IModelRegistry registry, CancellationToken cancellationToken) =>
        await registry.GetModelAsync(name, cancellationToken) is { } model ? TypedResults.Ok(model) : UnknownModel(name);

    private static async Task<Results<Ok<Paged<ModelVersionDetails>>, ValidationProblem, ProblemHttpResult>> ListVersionsAsync(
        string name, IModelRegistry registry, int? page, int? pageSize, CancellationToken cancellationToken)
    {
        if (Paging.Validate(page, pageSize) is { } problem) return problem;
        return await registry.ListVersionsAsync(name, Paging.From(page, pageSize), cancellationToken) is { } versions
            ? TypedResults.Ok(versions)
            : UnknownModel(name);
    }

    private static async Task<Results<Ok<ModelVersionDetails>, ProblemHttpResult>> GetVersionAsync(
        string name, int version, IModelRegistry registry, CancellationToken cancellationToken) =>
        await registry.GetVersionAsync(name, ModelSelector.ForVersion(version), cancellationToken) is { } details
            ? TypedResults.Ok(details)
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found.", detail: $"Model '{name}' has no version {version}.");

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> DownloadAsync(
        string name, int version, IModelRegistry registry, CancellationToken cancellationToken)
    {
        var loaded = await registry.LoadAsync(name, ModelSelector.ForVersion(version), cancellationToken);
        return loaded.Succeeded
            ? TypedResults.File(loaded.Value!.Content.ToArray(), "application/zip", $"{name}-v{version}.zip")
            : OperationProblems.From(loaded);
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> DownloadOnnxAsync(
        string name, int version, IModelRegistry registry, CancellationToken cancellationToken)
    {
        var onnx = await registry.GetOnnxAsync(name, version, cancellationToken);
        return onnx.Succeeded ? TypedResults.File(onnx.Value!, "application/octet-stream", $"{name}-v{version}.onnx") : OperationProblems.From(onnx);
    }

    private static ProblemHttpResult UnknownModel(string name) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found.", detail: $"There is no model named '{name}'.");
}
