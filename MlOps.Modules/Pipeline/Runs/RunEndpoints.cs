using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using MlOps.Modules.Pipeline.Contracts;
using MlOps.Modules.Platform.Contracts;

namespace MlOps.Modules.Pipeline.Runs;

internal static class RunEndpoints
{
    public static void MapPipelineRuns(this IEndpointRouteBuilder api)
    {
        api.MapPost("/pipelines/{name}/runs", StartAsync).RequireAuthorization(Policies.Write).WithTags("Pipelines")
            .WithName("StartPipelineRun").WithSummary("Queues a run of the pipeline (202); runs of one pipeline never overlap");
        api.MapGet("/pipelines/{name}/runs", ListAsync).RequireAuthorization(Policies.Read).WithTags("Pipelines")
            .WithName("ListPipelineRuns").WithSummary("A pipeline's runs, newest first");
        var runs = api.MapGroup("/pipeline-runs").WithTags("Pipelines");
        runs.MapGet("/{id}", GetAsync).RequireAuthorization(Policies.Read).WithName("GetPipelineRun")
            .WithSummary("A run's status, progress, trials, best run and registered version");
        runs.MapPost("/{id}/cancel", CancelAsync).RequireAuthorization(Policies.Write).WithName("CancelPipelineRun")
            .WithSummary("Cancels a queued or running run (202); training stops within seconds");
    }

    private static async Task<Results<Accepted<PipelineRunDetails>, ProblemHttpResult>> StartAsync(
        string name, IPipelineService pipelines, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var result = await pipelines.StartRunAsync(name, "manual", user.ActorName(), cancellationToken);
        return result.Succeeded ? TypedResults.Accepted($"/api/v1/pipeline-runs/{result.Value!.Id}", result.Value) : OperationProblems.From(result);
    }

    private static async Task<Results<Ok<Paged<PipelineRunDetails>>, ValidationProblem, ProblemHttpResult>> ListAsync(
        string name, int? page, int? pageSize, IPipelineService pipelines, CancellationToken cancellationToken)
    {
        if (Paging.Validate(page, pageSize) is { } invalid) return invalid;
        if (await pipelines.GetAsync(name, cancellationToken) is null)
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found.", detail: $"There is no pipeline '{name}'.");
        return TypedResults.Ok(await pipelines.ListRunsAsync(name, Paging.From(page, pageSize), cancellationToken));
    }

    private static async Task<Results<Ok<PipelineRunDetails>, ProblemHttpResult>> GetAsync(string id, IPipelineService pipelines, CancellationToken cancellationToken) =>
        await pipelines.GetRunAsync(id, cancellationToken) is { } run
            ? TypedResults.Ok(run)
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found.", detail: $"There is no pipeline run '{id}'.");

    private static async Task<Results<Accepted<PipelineRunDetails>, ProblemHttpResult>> CancelAsync(
        string id, IPipelineService pipelines, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var result = await pipelines.CancelRunAsync(id, user.ActorName(), cancellationToken);
        return result.Succeeded ? TypedResults.Accepted($"/api/v1/pipeline-runs/{id}", result.Value) : OperationProblems.From(result);
    }
}
