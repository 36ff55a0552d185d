using Microsoft.AspNetCore.Http.HttpResults;
using MlOps.Modules.Experiments.Contracts;

namespace MlOps.Modules.Experiments.GetRun;

internal static class GetRunEndpoints
{
    public static void MapGetRun(this IEndpointRouteBuilder runs)
    {
        runs.MapGet("/{id}", GetAsync).WithName("GetRun").WithSummary("Reads a run with its params, tags and latest metric values");
        runs.MapGet("/{id}/metrics/{key}", HistoryAsync).WithName("GetMetricHistory").WithSummary("Reads every logged value of one metric, by step");
    }

    private static async Task<Results<Ok<RunDetails>, NotFound>> GetAsync(string id, IExperimentCatalog catalog, CancellationToken cancellationToken) =>
        await catalog.GetRunAsync(id, cancellationToken) is { } run ? TypedResults.Ok(run) : TypedResults.NotFound();

    private static async Task<Results<Ok<MetricHistory>, NotFound>> HistoryAsync(
        string id, string key, IExperimentCatalog catalog, CancellationToken cancellationToken) =>
        await catalog.GetMetricHistoryAsync(id, key, cancellationToken) is { } history ? TypedResults.Ok(history) : TypedResults.NotFound();
}
