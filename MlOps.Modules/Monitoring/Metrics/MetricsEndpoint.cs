using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;
using MlOps.Modules.Platform.Contracts;
using Prometheus;

namespace MlOps.Modules.Monitoring.Metrics;

internal static class MetricsEndpoint
{
    public const string Path = "/metrics";

    private static readonly AuthorizationPolicy ScraperPolicy =
        new AuthorizationPolicyBuilder(ApiKeyAuthentication.Scheme).RequireRole(Roles.All).Build();

    /// <summary>
    /// Prometheus text at <c>/metrics</c>, anonymous unless <c>Monitoring:Metrics:RequireAuthentication</c> is set; then
    /// it takes an API key of any role (a scraper has no cookie, and gets 401 rather than the sign-in page).
    /// </summary>
    public static void MapPrometheusMetrics(this IEndpointRouteBuilder app, MonitoringOptions options)
    {
        // Resolving it registers the scrape-time series with the registry.
        app.ServiceProvider.GetRequiredService<ScrapeMetrics>();
        var endpoint = app.MapMetrics(Path, app.ServiceProvider.GetRequiredService<CollectorRegistry>())
            .WithName("PrometheusMetrics").WithTags("Monitoring");
        if (options.Metrics.RequireAuthentication) endpoint.RequireAuthorization(ScraperPolicy);
        else endpoint.AllowAnonymous();
    }
}
