using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MlOps.Modules.Registry.Contracts;
using MlOps.Modules.Platform.Contracts;
using MlOps.Modules.Serving.Batch.Definitions;
using MlOps.Modules.Serving.Batch.Jobs;
using MlOps.Modules.Serving.Batch.Running;
using MlOps.Modules.Serving.Batch.Schedules;
using MlOps.Modules.Serving.Batch.Scoring;
using MlOps.Modules.Serving.Contracts;
using MlOps.Modules.Serving.Data;
using MlOps.Modules.Serving.Models;
using MlOps.Modules.Serving.OpenInference;
using MlOps.Modules.Serving.Predict;
using MlOps.Modules.Serving.Sink;

namespace MlOps.Modules.Serving;

public static class ServingModule
{
    public static IServiceCollection AddServingModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ServingOptions>().Bind(configuration.GetSection(ServingOptions.SectionName))
            .Validate(o => o.MaxLoadedModels > 0, "Serving:MaxLoadedModels must be positive.")
            .Validate(o => o.MaxRequestBytes > 0 && o.MaxCsvRequestBytes > 0 && o.MaxRecordsPerRequest > 0 && o.MaxImagePixels > 0, "Serving size limits must be positive.")
            .Validate(o => o.RateLimit.PermitsPerSecond >= 0, "Serving:RateLimit:PermitsPerSecond is 0 (off) or positive.")
            .Validate(o => o.AliasRefreshSeconds > 0, "Serving:AliasRefreshSeconds must be positive.")
            .Validate(o => o.Batch.MaxConcurrentJobs is >= 1 and <= 16, "Serving:Batch:MaxConcurrentJobs must be between 1 and 16.")
            .ValidateOnStart();
        services.AddSingleton<ModelLoader>();
        services.AddSingleton<ModelCache>();
        services.AddSingleton<PredictionEvents>();
        services.AddSingleton<CountingPredictionSink>();
        services.AddSingleton<IPredictionSink>(provider => provider.GetRequiredService<CountingPredictionSink>());
        services.AddSingleton<PredictionService>();
        services.AddSingleton<IPredictionService>(provider => provider.GetRequiredService<PredictionService>());
        services.AddSingleton<IModelPromotionListener, PromotionSwapper>();
        services.AddHostedService<AliasWatcher>();
        services.AddSingleton<IModelVersionCheck, ServabilityCheck>();
        services.Configure<RateLimiterOptions>(ServingRateLimit.AddPolicy);
        services.AddBatchScoring();
        return services;
    }

    private static void AddBatchScoring(this IServiceCollection services)
    {
        services.AddModuleDbContext<ServingDbContext>(ServingDbContext.TablePrefix);
        services.AddHostedService<BatchJobWorker>();
        services.AddSingleton<BatchModelLoader>();
        services.AddSingleton<BatchScheduler>();
        services.AddScoped<BatchSourceChecks>();
        services.AddScoped<BatchJobService>();
        services.AddScoped<IBatchJobs>(provider => provider.GetRequiredService<BatchJobService>());
        services.AddScoped<BatchJobExecutor>();
        services.AddScoped<BatchDefinitionService>();
        services.AddScoped<IBatchDefinitions>(provider => provider.GetRequiredService<BatchDefinitionService>());
        services.AddScoped<ScheduledBatch>();
        services.AddScoped<IOrphanedWork, InterruptOrphanedBatchJobs>();
        services.AddSingleton<IModuleInitializer, RestoreBatchSchedules>();
    }

    public static void MapServingEndpoints(this IEndpointRouteBuilder app, IEndpointRouteBuilder api)
    {
        var options = app.ServiceProvider.GetRequiredService<IOptions<ServingOptions>>().Value;
        api.MapPredictEndpoints(options);
        api.MapServingStatusEndpoints();
        api.MapBatchJobEndpoints(options);
        api.MapBatchDefinitionEndpoints();
        app.MapOpenInferenceEndpoints(options);
    }
}
