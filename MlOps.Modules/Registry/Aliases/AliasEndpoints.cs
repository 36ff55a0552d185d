using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using MlOps.Modules.Platform.Contracts;
using MlOps.Modules.Registry.Contracts;

namespace MlOps.Modules.Registry.Aliases;

internal static class AliasEndpoints
{
    public static void MapAliasEndpoints(this IEndpointRouteBuilder api) =>
        api.MapPut("/models/{name}/aliases/{alias}", SetAsync)
            .RequireAuthorization(Policies.RequestPromotion)
            .WithValidation<SetAliasRequest>()
            .WithTags("Registry")
            .WithName("SetModelAlias")
            .WithSummary("Points an alias at a version; production moves only through promotion (409)");

    private static async Task<Results<Ok<ModelAlias>, ProblemHttpResult>> SetAsync(
        string name, string alias, SetAliasRequest request, IModelRegistry registry, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        OperationProblems.OkOr(await registry.SetAliasAsync(name, alias, request.Version, user.ActorName(), cancellationToken));
}
