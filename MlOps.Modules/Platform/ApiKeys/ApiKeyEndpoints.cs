using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using MlOps.Modules.Platform.Contracts;

namespace MlOps.Modules.Platform.ApiKeys;

internal static class ApiKeyEndpoints
{
    public static void MapApiKeyEndpoints(this IEndpointRouteBuilder api)
    {
        var keys = api.MapGroup("/admin/api-keys").RequireAuthorization(Policies.Administer).WithTags("Admin");
        keys.MapPost("/", CreateAsync).WithValidation<CreateApiKeyRequest>().WithName("CreateApiKey").WithSummary("Creates an API key that acts for you, with a role no higher than yours; the key is shown only in this response");
        keys.MapGet("/", ListAsync).WithName("ListApiKeys").WithSummary("Lists API keys without their secrets");
        keys.MapDelete("/{id}", RevokeAsync).WithName("RevokeApiKey").WithSummary("Revokes an API key");
    }

    private static async Task<Results<Created<CreatedApiKey>, ProblemHttpResult>> CreateAsync(
        CreateApiKeyRequest request, IApiKeys keys, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var created = await keys.CreateAsync(request.Name.Trim(), request.Role, user, cancellationToken);
        return created.Succeeded
            ? TypedResults.Created($"/api/v1/admin/api-keys/{created.Value!.Id}", created.Value)
            : OperationProblems.From(created);
    }

    private static async Task<Ok<IReadOnlyList<ApiKeySummary>>> ListAsync(IApiKeys keys, CancellationToken cancellationToken) =>
        TypedResults.Ok(await keys.ListAsync(cancellationToken));

    private static async Task<Results<NoContent, NotFound>> RevokeAsync(
        string id, IApiKeys keys, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        await keys.RevokeAsync(id, user.ActorName(), cancellationToken) ? TypedResults.NoContent() : TypedResults.NotFound();
}
