using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using MlOps.Modules.Experiments.Contracts;
using MlOps.Modules.Platform.Contracts;

namespace MlOps.Modules.Experiments.CreateExperiment;

internal static class CreateExperimentEndpoint
{
    public static void MapCreateExperiment(this IEndpointRouteBuilder experiments) =>
        experiments.MapPost("/", CreateAsync).WithValidation<CreateExperimentRequest>()
            .RequireAuthorization(Policies.Write)
            .WithName("CreateExperiment").WithSummary("Creates an experiment; 409 when the name is taken");

    private static async Task<Results<Created<ExperimentSummary>, ProblemHttpResult>> CreateAsync(
        CreateExperimentRequest request, IExperimentCatalog catalog, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var created = await catalog.CreateExperimentAsync(new NewExperiment(request.Name, request.Description, request.Tags), user.ActorName(), cancellationToken);
        return created.Succeeded
            ? TypedResults.Created($"/api/v1/experiments/{created.Value!.Id}", created.Value)
            : OperationProblems.From(created);
    }
}
