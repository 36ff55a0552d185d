using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using MlOps.Modules.Platform.Contracts;

namespace MlOps.Modules.Monitoring.Feedback;

internal static class FeedbackEndpoints
{
    public static void MapFeedbackEndpoints(this IEndpointRouteBuilder monitoring) =>
        monitoring.MapPost("/models/{name}/feedback", RecordAsync)
            .RequireAuthorization(Policies.Predict)
            .WithValidation<FeedbackRequest>()
            .WithName("RecordFeedback")
            .WithSummary("Attaches the true label or value to a logged prediction by request id (and index for multi-record requests); sending again replaces it");

    private static async Task<Results<Ok<FeedbackResult>, ProblemHttpResult>> RecordAsync(
        string name, FeedbackRequest request, FeedbackService feedback, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        OperationProblems.OkOr(await feedback.RecordAsync(name, request, user.ActorName(), cancellationToken));
}
