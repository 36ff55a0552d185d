using System.Diagnostics;
using System.Globalization;
using MlOps.Modules.Platform.Contracts;
using MlOps.Modules.Serving.Contracts;
using MlOps.Modules.Serving.Models;
using MlOps.Modules.Serving.Sink;

namespace MlOps.Modules.Serving.Predict;

/// <summary>
/// Publishes predict requests answered with an error to the failure sinks: an error result, an unreadable body
/// (its 4xx) or an exception (500). It wraps the handler so that the success path carries no bookkeeping: the
/// version is looked up only once a request has failed.
/// </summary>
internal sealed class FailedPredictionFilter(PredictionEvents events, ModelCache cache, TimeProvider clock) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var started = Stopwatch.GetTimestamp();
        object? result;
        try
        {
            result = await next(context);
        }
        catch (Exception e) when (!context.HttpContext.RequestAborted.IsCancellationRequested)
        {
            Publish(context.HttpContext, e is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError, started);
            throw;
        }

        if (result is IStatusCodeHttpResult { StatusCode: { } status } && status >= StatusCodes.Status400BadRequest)
            Publish(context.HttpContext, status, started);
        return result;
    }

    private void Publish(HttpContext http, int statusCode, long started)
    {
        var latency = Stopwatch.GetElapsedTime(started);
        var model = http.Request.RouteValues["name"] as string ?? string.Empty;
        var query = http.Request.Query;
        // The predict route takes the version in its query; the Open Inference Protocol in its path.
        var versionText = http.Request.RouteValues["version"] as string ?? query["version"].ToString();
        int? version = int.TryParse(versionText, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : null;
        var target = new ServingTarget(model, version, query["alias"]);
        // A model's failure belongs to the version the request was sent to, even one that could not be loaded.
        var resolved = PredictionFailure.IsCallersMistake(statusCode) ? cache.PeekVersion(target) : cache.PeekTarget(target);
        events.Publish(new PredictionFailure(model, resolved, version is null ? target.AliasOrProduction() : null, statusCode, latency,
            http.User.ActorName(), http.TraceIdentifier, clock.GetUtcNow().UtcDateTime));
    }
}
