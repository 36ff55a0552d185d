using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MlOps.Modules.Monitoring.Alerts;
using MlOps.Modules.Monitoring.Contracts;
using MlOps.Modules.Monitoring.Data;
using MlOps.Modules.Monitoring.Drift;
using MlOps.Modules.Monitoring.Feedback;
using MlOps.Modules.Monitoring.Log;
using MlOps.Modules.Monitoring.Metrics;
using MlOps.Modules.Monitoring.Queries;
using MlOps.Modules.Monitoring.Retention;
using MlOps.Modules.Platform.Contracts;
using MlOps.Modules.Serving.Contracts;
using Prometheus;

namespace MlOps.Modules.Monitoring;

public static class MonitoringModule
{
    public static IServiceCollection AddMonitoringModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MonitoringOptions>().Bind(configuration.GetSection(MonitoringOptions.SectionName))
            .Validate(o => o.RetentionDays > 0, "Monitoring:RetentionDays must be positive.")
            .Validate(o => o.RetentionIntervalMinutes > 0 && o.RetentionChunkSize > 0, "Monitoring:RetentionIntervalMinutes and Monitoring:RetentionChunkSize must be positive.")
            .Validate(o => o.QueueCapacity > 0 && o.FlushBatchSize > 0, "Monitoring:QueueCapacity and Monitoring:FlushBatchSize must be positive.")
            .Validate(o => o.FlushIntervalMilliseconds is > 0 and <= 60_000, "Monitoring:FlushIntervalMilliseconds must be between 1 and 60000.")
            .Validate(o => o.Alerts is { IntervalMinutes: > 0, WindowHours: > 0, MinimumRows: > 0, MinimumRequests: > 0 },
                "Monitoring:Alerts:IntervalMinutes, WindowHours, MinimumRows and MinimumRequests must be positive.")
            .Validate(o => o.Alerts.ErrorRateThreshold is > 0 and < 1, "Monitoring:Alerts:ErrorRateThreshold must be between 0 and 1 (a share of requests).")
            .ValidateOnStart();
        services.AddModuleDbContext<MonitoringDbContext>(MonitoringDbContext.TablePrefix);

        // One registry per host, not prometheus-net's static default: test hosts share the process.
        services.AddSingleton(_ =>
        {
            var registry = Prometheus.Metrics.NewCustomRegistry();
            DotNetStats.Register(registry);
            return registry;
        });
        services.AddSingleton<PredictionMetrics>();
        services.AddSingleton<ScrapeMetrics>();

        services.AddSingleton<PredictionLogQueue>();
        services.AddSingleton<PredictionLogSink>();
        services.AddSingleton<IPredictionSink>(provider => provider.GetRequiredService<PredictionLogSink>());
        services.AddSingleton<IPredictionFailureSink>(provider => provider.GetRequiredService<PredictionLogSink>());
        services.AddScoped<PredictionLogStore>();
        services.AddHostedService<PredictionLogWriter>();
        services.AddSingleton<IModuleInitializer, RebuildTrafficSeconds>();

        services.AddScoped<IMonitoringQueries, MonitoringQueries>();
        services.AddScoped<IDriftMonitor, DriftMonitor>();
        services.AddScoped<FeedbackService>();
        services.AddScoped<AlertStore>();
        services.AddScoped<IMonitoringAlerts>(provider => provider.GetRequiredService<AlertStore>());
        services.AddSingleton<AlertEvaluationGate>();
        services.AddScoped<DriftRetraining>();
        services.AddScoped<ModelAlertCheck>();
        services.AddScoped<AlertEvaluator>();
        services.AddScoped<IAlertChecks>(provider => provider.GetRequiredService<AlertEvaluator>());
        services.AddSingleton<IModuleInitializer, ScheduleAlerts>();
        services.AddScoped<PredictionRetention>();
        services.AddSingleton<IModuleInitializer, ScheduleRetention>();
        return services;
    }

    public static void MapMonitoringEndpoints(this IEndpointRouteBuilder app, IEndpointRouteBuilder api)
    {
        app.MapPrometheusMetrics(app.ServiceProvider.GetRequiredService<IOptions<MonitoringOptions>>().Value);
        var monitoring = api.MapGroup("/monitoring").WithTags("Monitoring");
        monitoring.MapMonitoringQueries();
        monitoring.MapFeedbackEndpoints();
        monitoring.MapAlertEndpoints();
    }
}
