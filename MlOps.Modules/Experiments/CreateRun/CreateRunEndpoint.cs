using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using MlOps.Modules.Experiments.Contracts;
using MlOps.Modules.Platform.Contracts;

namespace MlOps.Modules.Experiments.CreateRun;

internal sealed record CreateRunRequest(string? Name, Dictionary<string, string>? Tags, Dictionary<string, string>? Params);

internal static class CreateRunEndpoint
{
    public static void MapCreateRun(this IEndpointRouteBuilder experiments) =>
        experiments.MapPost("/{id}/runs", CreateAsync).RequireAuthorization(Policies.Write)
            .WithName("CreateRun").WithSummary("Starts a run in the experiment, optionally with its params and tags");

    private static async Task<Results<Created<RunCreated>, ProblemHttpResult>> CreateAsync(
        string id, CreateRunRequest? request, IExperimentTracker tracker, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var created = await tracker.CreateRunAsync(id, new NewRun(request?.Name, request?.Tags, request?.Params), user.ActorName(), cancellationToken);
        return created.Succeeded ? TypedResults.Created($"/api/v1/runs/{created.Value!.Id}", created.Value) : OperationProblems.From(created);
    }
}
