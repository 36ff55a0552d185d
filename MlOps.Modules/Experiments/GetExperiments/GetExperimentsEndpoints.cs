using Microsoft.AspNetCore.Http.HttpResults;
using MlOps.Modules.Experiments.Contracts;
using MlOps.Modules.Platform.Contracts;

namespace MlOps.Modules.Experiments.GetExperiments;

internal static class GetExperimentsEndpoints
{
    public static void MapGetExperiments(this IEndpointRouteBuilder experiments)
    {
        experiments.MapGet("/", ListAsync).WithName("ListExperiments").WithSummary("Lists experiments, newest first; search matches part of the name; view ActiveOnly (default), DeletedOnly or All");
        experiments.MapGet("/{id}", GetAsync).WithName("GetExperiment").WithSummary("Reads one experiment with its run count");
    }

    private static async Task<Results<Ok<Paged<ExperimentSummary>>, ValidationProblem>> ListAsync(
        string? search, LifecycleView? view, int? page, int? pageSize, IExperimentCatalog catalog, CancellationToken cancellationToken)
    {
        if (Paging.Validate(page, pageSize) is { } invalid) return invalid;
        return TypedResults.Ok(await catalog.ListExperimentsAsync(search, view ?? LifecycleView.ActiveOnly, Paging.From(page, pageSize), cancellationToken));
    }

    private static async Task<Results<Ok<ExperimentSummary>, NotFound>> GetAsync(string id, IExperimentCatalog catalog, CancellationToken cancellationToken) =>
        await catalog.GetExperimentAsync(id, cancellationToken) is { } experiment ? TypedResults.Ok(experiment) : TypedResults.NotFound();
}
