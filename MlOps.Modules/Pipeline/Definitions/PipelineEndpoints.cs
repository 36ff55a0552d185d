using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using MlOps.Modules.Pipeline.Contracts;
using MlOps.Modules.Platform.Contracts;

namespace MlOps.Modules.Pipeline.Definitions;

internal static class PipelineEndpoints
{
    private const string LeaveScheduleOut = "leave 'schedule' out, or ask an Admin to set it with PUT /api/v1/pipelines/{name}/schedule.";

    private const long MaxDefinitionBytes = 1_000_000;

    public static void MapPipelineDefinitions(this IEndpointRouteBuilder api)
    {
        api.MapGet("/trainers", (TrainingTask? task, IPipelineService pipelines) => TypedResults.Ok(pipelines.GetTrainers(task)))
            .RequireAuthorization(Policies.Read).WithTags("Pipelines").WithName("ListTrainers")
            .WithSummary("Lists the trainers for a task with their tunable hyperparameters and ranges");

        var group = api.MapGroup("/pipelines").WithTags("Pipelines");
        group.MapPost("/", CreateAsync).RequireAuthorization(Policies.Write).WithMetadata(new RequestSizeLimitAttribute(MaxDefinitionBytes))
            .WithName("CreatePipeline").WithSummary("Defines a pipeline from JSON or YAML (Content-Type: application/yaml)")
            .Accepts<PipelineDefinition>("application/json", JsonOrYamlBody.MediaType);
        group.MapGet("/", ListAsync).RequireAuthorization(Policies.Read).WithName("ListPipelines").WithSummary("Lists pipelines with their last run");
        group.MapGet("/{name}", GetAsync).RequireAuthorization(Policies.Read).WithName("GetPipeline")
            .WithSummary("A pipeline's definition (YAML with Accept: application/yaml) and next fire times");
        group.MapPut("/{name}", UpdateAsync).RequireAuthorization(Policies.Write).WithMetadata(new RequestSizeLimitAttribute(MaxDefinitionBytes))
            .WithName("UpdatePipeline").WithSummary("Replaces a pipeline's definition").Accepts<PipelineDefinition>("application/json", JsonOrYamlBody.MediaType);
        group.MapPut("/{name}/schedule", SetScheduleAsync).WithValidation<ScheduleSettings>().RequireAuthorization(Policies.Administer)
            .WithName("SetPipelineSchedule").WithSummary("Sets or disables a pipeline's cron schedule (Quartz syntax, UTC)");
    }

    private static async Task<IResult> CreateAsync(HttpRequest request, IPipelineService pipelines, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var (definition, problem, _) = await JsonOrYamlBody.ReadAsync<PipelineDefinition>(request, PipelineJson.Options, "pipeline definition", cancellationToken);
        if (problem is not null) return problem;
        if (ScheduleAuthority.Refuse(definition!.Schedule is not null, user, LeaveScheduleOut) is { } forbidden) return forbidden;
        var result = await pipelines.CreateAsync(definition!, user.ActorName(), cancellationToken);
        return result.Succeeded
            ? TypedResults.Created($"/api/v1/pipelines/{definition!.Name}", result.Value)
            : OperationProblems.From(result);
    }

    private static async Task<IResult> UpdateAsync(string name, HttpRequest request, IPipelineService pipelines, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var (definition, problem, _) = await JsonOrYamlBody.ReadAsync<PipelineDefinition>(request, PipelineJson.Options, "pipeline definition", cancellationToken);
        if (problem is not null) return problem;
        if (ScheduleAuthority.Refuse(definition!.Schedule is not null, user, LeaveScheduleOut) is { } forbidden) return forbidden;
        return OperationProblems.OkOr(await pipelines.UpdateAsync(name, definition!, user.ActorName(), cancellationToken));
    }

    private static async Task<Results<Ok<Paged<PipelineSummary>>, ValidationProblem>> ListAsync(
        int? page, int? pageSize, IPipelineService pipelines, CancellationToken cancellationToken)
    {
        if (Paging.Validate(page, pageSize) is { } invalid) return invalid;
        return TypedResults.Ok(await pipelines.ListAsync(Paging.From(page, pageSize), cancellationToken));
    }

    private static async Task<IResult> GetAsync(string name, HttpRequest request, IPipelineService pipelines, CancellationToken cancellationToken)
    {
        var pipeline = await pipelines.GetAsync(name, cancellationToken);
        if (pipeline is null) return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found.", detail: $"There is no pipeline '{name}'.");
        return request.Headers.Accept.Any(a => JsonOrYamlBody.IsYaml(a))
            ? TypedResults.Text(PipelineYaml.Write(pipeline.Definition), JsonOrYamlBody.MediaType)
            : TypedResults.Ok(pipeline);
    }

    private static async Task<Results<Ok<PipelineDetails>, ProblemHttpResult>> SetScheduleAsync(
        string name, ScheduleSettings schedule, IPipelineService pipelines, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        OperationProblems.OkOr(await pipelines.SetScheduleAsync(name, schedule, user.ActorName(), cancellationToken));
}
