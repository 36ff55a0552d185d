using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using MlOps.Modules.Platform.Contracts;

namespace MlOps.Modules.Platform.Audit;

internal static class AuditEndpoints
{
    public static void MapAuditEndpoints(this IEndpointRouteBuilder api) =>
        api.MapGet("/audit", ListAsync)
            .RequireAuthorization(Policies.Administer)
            .WithName("ListAudit")
            .WithSummary("Lists audit entries, newest first")
            .WithTags("Audit");

    private static async Task<Results<Ok<Paged<AuditEntry>>, ValidationProblem>> ListAsync(
        IAuditLog audit, string? entityType, string? entityId, string? actor, int? page, int? pageSize, CancellationToken cancellationToken)
    {
        if (Paging.Validate(page, pageSize) is { } problem) return problem;
        var result = await audit.QueryAsync(new AuditQuery(entityType, entityId, actor), Paging.From(page, pageSize), cancellationToken);
        return TypedResults.Ok(result);
    }
}
