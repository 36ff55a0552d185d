using Microsoft.AspNetCore.Http.HttpResults;
using MlOps.Modules.Platform.Contracts;
using MlOps.Modules.Serving.Contracts;

namespace MlOps.Modules.Serving;

internal static class ServingEndpoints
{
    public static void MapServingStatusEndpoints(this IEndpointRouteBuilder api) =>
        api.MapGet("/serving/models", GetStatus)
            .RequireAuthorization(Policies.Read)
            .WithName("ListLoadedModels")
            .WithSummary("Lists loaded model versions with their aliases, load time and state, and the prediction events counted")
            .WithTags("Serving");

    private static Ok<ServingStatus> GetStatus(IPredictionService service) => TypedResults.Ok(service.GetStatus());
}
