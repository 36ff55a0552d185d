using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using MlOps.Modules.Experiments.Contracts;
using MlOps.Modules.Platform.Contracts;
using MlOps.Modules.Registry.Contracts;

namespace MlOps.Modules.Registry.Versions;

internal static class RegisterFromRunEndpoint
{
    private const string UnspecifiedTask = "Unspecified";

    public static void MapRegisterFromRun(this IEndpointRouteBuilder api) =>
        api.MapPost("/models/{name}/versions", RegisterAsync)
            .RequireAuthorization(Policies.Write)
            .WithValidation<RegisterFromRunRequest>()
            .WithTags("Registry")
            .WithName("RegisterModelVersion")
            .WithSummary("Registers the next version of a model from a zipped ML.NET model a run logged as an artifact");

    private static async Task<Results<Created<ModelVersionDetails>, ProblemHttpResult>> RegisterAsync(
        string name, RegisterFromRunRequest request, IExperimentCatalog runs, IExperimentTracker tracker, IModelRegistry registry,
        ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var run = await runs.GetRunAsync(request.RunId, cancellationToken);
        if (run is null)
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found.", detail: $"There is no run '{request.RunId}'.");
        var opened = await tracker.OpenArtifactAsync(run.Id, request.ArtifactPath, cancellationToken);
        if (!opened.Succeeded) return OperationProblems.From(opened);

        // Training code records the task as a param or tag by convention; the request can name it when the run did not.
        var task = request.Task ?? run.Params.GetValueOrDefault("task") ?? run.Tags.GetValueOrDefault("task") ?? UnspecifiedTask;
        await using var artifact = opened.Value!;
        var registered = await registry.RegisterVersionAsync(
            new NewModelVersion(name, task, RunId: run.Id, Metrics: run.Metrics, ModelDescription: request.Description, SourcePath: request.ArtifactPath),
            artifact, user.ActorName(), cancellationToken);
        return registered.Succeeded
            ? TypedResults.Created($"/api/v1/models/{registered.Value!.Name}/versions/{registered.Value.Version}", registered.Value)
            : OperationProblems.From(registered);
    }
}
