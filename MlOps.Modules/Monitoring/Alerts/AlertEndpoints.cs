using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using MlOps.Modules.Monitoring.Contracts;
using MlOps.Modules.Platform.Contracts;

namespace MlOps.Modules.Monitoring.Alerts;

internal static class AlertEndpoints
{
    public static void MapAlertEndpoints(this IEndpointRouteBuilder monitoring)
    {
        monitoring.MapGet("/alerts", ListAsync).RequireAuthorization(Policies.Read)
            .WithName("ListMonitoringAlerts").WithSummary("Lists alerts, newest first; filter with ?model= and ?acknowledged=false");
        monitoring.MapPost("/alerts/{id}/acknowledge", AcknowledgeAsync).RequireAuthorization(Policies.Write)
            .WithName("AcknowledgeMonitoringAlert").WithSummary("Marks an alert as seen; 409 when it already was");
        monitoring.MapPost("/alerts/evaluate", EvaluateAsync).RequireAuthorization(Policies.Write)
            .WithName("EvaluateMonitoringAlerts").WithSummary("Runs the scheduled alert checks (drift, error rate of each production version) now; returns the alerts raised");
    }

    private static async Task<Results<Ok<Paged<MonitoringAlert>>, ValidationProblem>> ListAsync(
        IMonitoringAlerts alerts, string? model, bool? acknowledged, int? page, int? pageSize, CancellationToken cancellationToken)
    {
        if (Paging.Validate(page, pageSize) is { } problem) return problem;
        return TypedResults.Ok(await alerts.ListAsync(new AlertQuery(model, acknowledged), Paging.From(page, pageSize), cancellationToken));
    }

    private static async Task<Results<Ok<MonitoringAlert>, ProblemHttpResult>> AcknowledgeAsync(
        string id, IMonitoringAlerts alerts, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        OperationProblems.OkOr(await alerts.AcknowledgeAsync(id, user.ActorName(), cancellationToken));

    private static async Task<Ok<IReadOnlyList<MonitoringAlert>>> EvaluateAsync(IAlertChecks checks, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        TypedResults.Ok(await checks.EvaluateNowAsync(user.ActorName(), cancellationToken));
}
