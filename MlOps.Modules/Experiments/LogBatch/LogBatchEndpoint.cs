using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using MlOps.Modules.Experiments.Contracts;
using MlOps.Modules.Platform.Contracts;

namespace MlOps.Modules.Experiments.LogBatch;

internal static class LogBatchEndpoint
{
    public static void MapLogBatch(this IEndpointRouteBuilder runs) =>
        runs.MapPost("/{id}/log-batch", LogAsync).RequireAuthorization(Policies.Write)
            .ProducesValidationProblem()
            .WithName("LogBatch").WithSummary("Logs up to 1000 metrics, 100 params and 100 tags in one transaction; params cannot change (409)");

    // The tracker validates the batch itself (in-process callers need that too), so no endpoint filter runs the rules twice.
    private static async Task<Results<Ok<LogReceipt>, ProblemHttpResult>> LogAsync(
        string id, [FromBody] RunLog? batch, IExperimentTracker tracker, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (batch is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "A request body is required.",
                detail: "Send a JSON body with metrics, params and/or tags.");
        }

        return OperationProblems.OkOr(await tracker.LogAsync(id, batch, user.ActorName(), cancellationToken));
    }
}
