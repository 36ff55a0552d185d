using Microsoft.AspNetCore.Http.HttpResults;
using MlOps.Modules.Monitoring.Contracts;
using MlOps.Modules.Platform.Contracts;

namespace MlOps.Modules.Monitoring.Queries;

internal static class MonitoringEndpoints
{
    public static void MapMonitoringQueries(this IEndpointRouteBuilder monitoring)
    {
        monitoring.MapGet("/models/{name}/summary", SummaryAsync).RequireAuthorization(Policies.Read)
            .WithName("GetMonitoringSummary").WithSummary("Requests, errors, latency percentiles and predicted labels of a model over ?from=&to= (default: the last 24 hours)");
        monitoring.MapGet("/models/{name}/predictions", PredictionsAsync).RequireAuthorization(Policies.Read)
            .WithName("ListLoggedPredictions").WithSummary("Logged predictions with their inputs, newest first; ?from=&to=&version=&page=&pageSize=");
        monitoring.MapGet("/models/{name}/timeseries", TimeSeriesAsync).RequireAuthorization(Policies.Read)
            .WithName("GetMonitoringTimeSeries").WithSummary("The summary per time bucket and version, for charts; ?from=&to=&bucket=5m");
        monitoring.MapGet("/models/{name}/performance", PerformanceAsync).RequireAuthorization(Policies.Read)
            .WithName("GetModelPerformance").WithSummary("Accuracy (classification) or MAE/RMSE (regression) from feedback, per version and time bucket");
        monitoring.MapGet("/models/{name}/drift", DriftAsync).RequireAuthorization(Policies.Read)
            .WithName("GetModelDrift").WithSummary("Per-column drift of a version's logged inputs (default: production) against its training data over ?from=&to=");
        monitoring.MapGet("/status", Status).RequireAuthorization(Policies.Read)
            .WithName("GetPredictionLogStatus").WithSummary("The prediction log queue: depth, capacity, entries enqueued, written, dropped and failed");
    }

    private static async Task<Results<Ok<MonitoringSummary>, ProblemHttpResult>> SummaryAsync(
        string name, string? from, string? to, IMonitoringQueries queries, TimeProvider clock, CancellationToken cancellationToken)
    {
        var window = QueryParameters.Window(from, to, clock);
        if (!window.Succeeded) return OperationProblems.From(window);
        return Found(name, await queries.GetSummaryAsync(name, window.Value!, cancellationToken));
    }

    private static async Task<Results<Ok<Paged<LoggedPrediction>>, ProblemHttpResult, ValidationProblem>> PredictionsAsync(
        string name, string? from, string? to, int? version, int? page, int? pageSize, IMonitoringQueries queries, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (Paging.Validate(page, pageSize) is { } problem) return problem;
        var window = QueryParameters.Window(from, to, clock);
        if (!window.Succeeded) return OperationProblems.From(window);
        var predictions = await queries.ListPredictionsAsync(name, version, window.Value!, Paging.From(page, pageSize), cancellationToken);
        return predictions is null ? NotFound(name) : TypedResults.Ok(predictions);
    }

    private static async Task<Results<Ok<MonitoringTimeSeries>, ProblemHttpResult>> TimeSeriesAsync(
        string name, string? from, string? to, string? bucket, IMonitoringQueries queries, TimeProvider clock, CancellationToken cancellationToken)
    {
        var query = QueryParameters.Bucketed(from, to, bucket, clock);
        if (!query.Succeeded) return OperationProblems.From(query);
        return Found(name, await queries.GetTimeSeriesAsync(name, query.Value!.Window, query.Value.Bucket, cancellationToken));
    }

    private static async Task<Results<Ok<ModelPerformance>, ProblemHttpResult>> PerformanceAsync(
        string name, string? from, string? to, string? bucket, IMonitoringQueries queries, TimeProvider clock, CancellationToken cancellationToken)
    {
        var query = QueryParameters.Bucketed(from, to, bucket, clock);
        if (!query.Succeeded) return OperationProblems.From(query);
        return Found(name, await queries.GetPerformanceAsync(name, query.Value!.Window, query.Value.Bucket, cancellationToken));
    }

    private static async Task<Results<Ok<DriftReport>, ProblemHttpResult>> DriftAsync(
        string name, int? version, string? from, string? to, IDriftMonitor drift, TimeProvider clock, CancellationToken cancellationToken)
    {
        var window = QueryParameters.Window(from, to, clock);
        if (!window.Succeeded) return OperationProblems.From(window);
        var report = await drift.GetDriftAsync(name, version, window.Value!, cancellationToken);
        return report.Succeeded ? TypedResults.Ok(report.Value!) : OperationProblems.From(report);
    }

    private static Ok<PredictionLogStatus> Status(IMonitoringQueries queries) => TypedResults.Ok(queries.GetLogStatus());

    private static Results<Ok<T>, ProblemHttpResult> Found<T>(string model, T? value) where T : class =>
        value is null ? NotFound(model) : TypedResults.Ok(value);

    private static ProblemHttpResult NotFound(string model) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found.", detail: $"There is no model '{model}'.");
}
