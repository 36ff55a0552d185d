using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using MlOps.Modules.Pipeline.Contracts;
using MlOps.Modules.Platform.Contracts;

namespace MlOps.Modules.Pipeline.Datasets.Samples;

internal static class ImportSamplesEndpoint
{
    public static void MapImportSamples(this RouteGroupBuilder datasets) =>
        datasets.MapPost("/samples", ImportAsync)
            .RequireAuthorization(Policies.Write)
            .WithName("ImportSampleDatasets")
            .WithSummary("Imports the sample datasets that ship with MlOps; importing again changes nothing");

    private static async Task<Ok<IReadOnlyList<DatasetVersionInfo>>> ImportAsync(IDatasetCatalog catalog, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        TypedResults.Ok(await catalog.ImportSamplesAsync(user.ActorName(), cancellationToken));
}
