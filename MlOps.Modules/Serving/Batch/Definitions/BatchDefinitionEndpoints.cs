using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using MlOps.Modules.Platform.Contracts;
using MlOps.Modules.Serving.Contracts;

namespace MlOps.Modules.Serving.Batch.Definitions;

internal static class BatchDefinitionEndpoints
{
    private const long MaxDefinitionBytes = 100_000;

    public static void MapBatchDefinitionEndpoints(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/batch-definitions").WithTags("Serving");
        group.MapPost("/", CreateAsync).RequireAuthorization(Policies.Write).WithMetadata(new RequestSizeLimitAttribute(MaxDefinitionBytes))
            .Accepts<BatchDefinition>("application/json", JsonOrYamlBody.MediaType)
            .WithName("CreateBatchDefinition").WithSummary("Declares a batch job from JSON or YAML (Content-Type: application/yaml), optionally on a Quartz cron schedule (UTC)");
        group.MapGet("/", ListAsync).RequireAuthorization(Policies.Read).WithName("ListBatchDefinitions").WithSummary("Batch definitions with their schedules and latest jobs");
        group.MapGet("/{name}", GetAsync).RequireAuthorization(Policies.Read).WithName("GetBatchDefinition")
            .WithSummary("A batch definition (YAML with Accept: application/yaml), its schedule in words and next fire times");
        group.MapPut("/{name}", UpdateAsync).RequireAuthorization(Policies.Write).WithMetadata(new RequestSizeLimitAttribute(MaxDefinitionBytes))
            .Accepts<BatchDefinition>("application/json", JsonOrYamlBody.MediaType)
            .WithName("UpdateBatchDefinition").WithSummary("Replaces a batch definition and its schedule");
        group.MapDelete("/{name}", DeleteAsync).RequireAuthorization(Policies.Write).WithName("DeleteBatchDefinition")
            .WithSummary("Removes a batch definition and its schedule; its jobs stay");
        group.MapPost("/{name}/runs", RunAsync).RequireAuthorization(Policies.Write).WithName("RunBatchDefinition")
            .WithSummary("Queues a job of the definition now (409 while one is queued or running)");
    }

    private static Task<IResult> CreateAsync(HttpRequest request, BatchDefinitionService definitions, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        SaveAsync(null, request, definitions, user, cancellationToken);

    private static Task<IResult> UpdateAsync(string name, HttpRequest request, BatchDefinitionService definitions, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        SaveAsync(name, request, definitions, user, cancellationToken);

    private static async Task<IResult> SaveAsync(string? name, HttpRequest request, BatchDefinitionService definitions, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var (definition, problem, yaml) = await JsonOrYamlBody.ReadAsync<BatchDefinition>(request, ServingJson.Options, "batch definition", cancellationToken);
        if (problem is not null) return problem;
        var saved = await definitions.SaveAsync(name, definition!, yaml, user, cancellationToken);
        if (!saved.Succeeded) return OperationProblems.From(saved);
        return name is null ? TypedResults.Created($"/api/v1/batch-definitions/{definition!.Name}", saved.Value) : TypedResults.Ok(saved.Value);
    }

    private static async Task<Results<Ok<Paged<BatchDefinitionDetails>>, ValidationProblem>> ListAsync(
        int? page, int? pageSize, IBatchDefinitions definitions, CancellationToken cancellationToken)
    {
        if (Paging.Validate(page, pageSize) is { } invalid) return invalid;
        return TypedResults.Ok(await definitions.ListAsync(Paging.From(page, pageSize), cancellationToken));
    }

    private static async Task<IResult> GetAsync(string name, HttpRequest request, IBatchDefinitions definitions, CancellationToken cancellationToken)
    {
        var definition = await definitions.GetAsync(name, cancellationToken);
        if (definition is null) return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found.", detail: $"There is no batch definition '{name}'.");
        return request.Headers.Accept.Any(JsonOrYamlBody.IsYaml)
            ? TypedResults.Text(definitions.ToYaml(definition.Definition), JsonOrYamlBody.MediaType)
            : TypedResults.Ok(definition);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string name, IBatchDefinitions definitions, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var deleted = await definitions.DeleteAsync(name, user.ActorName(), cancellationToken);
        return deleted.Succeeded ? TypedResults.NoContent() : OperationProblems.From(deleted);
    }

    private static async Task<Results<Accepted<BatchJobInfo>, ProblemHttpResult>> RunAsync(string name, IBatchDefinitions definitions, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var job = await definitions.RunAsync(name, user.ActorName(), cancellationToken);
        return job.Succeeded ? TypedResults.Accepted($"/api/v1/batch-jobs/{job.Value!.Id}", job.Value) : OperationProblems.From(job);
    }
}
