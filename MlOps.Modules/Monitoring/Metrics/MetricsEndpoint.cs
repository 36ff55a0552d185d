using Microsoft.Extensions.DependencyInjection;
using MlOps.Modules.Platform.Contracts;
using Prometheus;

namespace MlOps.Modules.Monitoring.Metrics;

internal static class MetricsEndpoint
{
    public const string Path = "/metrics";

    /// <summary>Prometheus text at <c>/metrics</c>, anonymous unless <c>Monitoring:Metrics:RequireAuthentication</c> is set.</summary>
    public static void MapPrometheusMetrics(this IEndpointRouteBuilder app, MonitoringOptions options)
    {
        // Resolving it registers the scrape-time series with the registry.
        app.ServiceProvider.GetRequiredService<ScrapeMetrics>();
        var endpoint = app.MapMetrics(Path, app.ServiceProvider.GetRequiredService<CollectorRegistry>())
            .WithName("PrometheusMetrics").WithTags("Monitoring");
        if (options.Metrics.RequireAuthentication) endpoint.RequireAuthorization(Policies.Read);
        else endpoint.AllowAnonymous();
    }
}
