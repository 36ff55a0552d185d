using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using MlOps.Modules.Platform.Contracts;
using MlOps.Modules.Registry.Contracts;

namespace MlOps.Modules.Registry.Promotions;

internal static class PromotionEndpoints
{
    public static void MapPromotionEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapPost("/models/{name}/promotions", RequestAsync)
            .RequireAuthorization(Policies.RequestPromotion).WithValidation<RequestPromotionRequest>().WithTags("Registry")
            .WithName("RequestPromotion").WithSummary("Asks an Admin to move a model's production alias to a version");

        var promotions = api.MapGroup("/promotions").WithTags("Registry");
        promotions.MapGet("/", ListAsync).RequireAuthorization(Policies.Read)
            .WithName("ListPromotions").WithSummary("Lists promotion requests, newest first; filter with ?status=Pending");
        promotions.MapGet("/{id}", GetAsync).RequireAuthorization(Policies.Read)
            .WithName("GetPromotion").WithSummary("Gets a promotion request");
        promotions.MapPost("/{id}/approve", ApproveAsync).RequireAuthorization(Policies.ApprovePromotion).WithValidation<ApprovePromotionRequest>()
            .WithName("ApprovePromotion").WithSummary("Approves a request: the alias moves and the model's other pending requests are superseded");
        promotions.MapPost("/{id}/reject", RejectAsync).RequireAuthorization(Policies.ApprovePromotion).WithValidation<RejectPromotionRequest>()
            .WithName("RejectPromotion").WithSummary("Rejects a request with a comment");
    }

    private static async Task<Results<Created<PromotionRequest>, ProblemHttpResult>> RequestAsync(
        string name, RequestPromotionRequest request, IModelRegistry registry, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var result = await registry.RequestPromotionAsync(name, request.Version, request.Reason, user.ActorName(), cancellationToken);
        return result.Succeeded ? TypedResults.Created($"/api/v1/promotions/{result.Value!.Id}", result.Value) : OperationProblems.From(result);
    }

    private static async Task<Results<Ok<Paged<PromotionRequest>>, ValidationProblem>> ListAsync(
        IModelRegistry registry, PromotionStatus? status, string? model, int? page, int? pageSize, CancellationToken cancellationToken)
    {
        if (Paging.Validate(page, pageSize) is { } problem) return problem;
        return TypedResults.Ok(await registry.ListPromotionsAsync(new PromotionQuery(status, model), Paging.From(page, pageSize), cancellationToken));
    }

    private static async Task<Results<Ok<PromotionRequest>, ProblemHttpResult>> GetAsync(string id, IModelRegistry registry, CancellationToken cancellationToken) =>
        await registry.GetPromotionAsync(id, cancellationToken) is { } request
            ? TypedResults.Ok(request)
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found.", detail: "There is no such promotion request.");

    private static async Task<Results<Ok<PromotionRequest>, ProblemHttpResult>> ApproveAsync(
        string id, ApprovePromotionRequest request, IModelRegistry registry, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        ToResult(await registry.ApproveAsync(id, request.Comment, user.ActorName(), cancellationToken));

    private static async Task<Results<Ok<PromotionRequest>, ProblemHttpResult>> RejectAsync(
        string id, RejectPromotionRequest request, IModelRegistry registry, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        ToResult(await registry.RejectAsync(id, request.Comment, user.ActorName(), cancellationToken));

    private static Results<Ok<PromotionRequest>, ProblemHttpResult> ToResult(PromotionDecision decision) => decision.Error switch
    {
        PromotionDecisionError.None => TypedResults.Ok(decision.Request!),
        PromotionDecisionError.NotFound => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found.", detail: decision.Problem),
        PromotionDecisionError.OwnRequest => TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden.", detail: decision.Problem),
        PromotionDecisionError.NotPending => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict.", detail: decision.Problem),
        _ => TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The request cannot be decided.", detail: decision.Problem),
    };
}
