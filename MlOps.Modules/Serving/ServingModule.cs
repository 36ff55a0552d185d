using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MlOps.Modules.Registry.Contracts;
using MlOps.Modules.Serving.Batch;
using MlOps.Modules.Serving.Contracts;
using MlOps.Modules.Serving.Models;
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
            .Validate(o => o.AliasRefreshSeconds > 0 && o.PredictionEventBuffer > 0, "Serving:AliasRefreshSeconds and Serving:PredictionEventBuffer must be positive.")
            .ValidateOnStart();
        services.AddSingleton<ModelLoader>();
        services.AddSingleton<ModelCache>();
        services.AddSingleton<PredictionEvents>();
        services.AddSingleton<CountingPredictionSink>();
        services.AddSingleton<IPredictionSink>(provider => provider.GetRequiredService<CountingPredictionSink>());
        services.AddSingleton<PredictionService>();
        services.AddSingleton<IPredictionService>(provider => provider.GetRequiredService<PredictionService>());
        services.AddSingleton<IModelPromotionListener, PromotionSwapper>();
        services.AddHostedService<PredictionDispatcher>();
        services.AddSingleton<BatchJobRunner>();
        services.AddHostedService(provider => provider.GetRequiredService<BatchJobRunner>());
        services.Configure<RateLimiterOptions>(ServingRateLimit.AddPolicy);
        return services;
    }

    public static void MapServingEndpoints(this IEndpointRouteBuilder app, IEndpointRouteBuilder api)
    {
        var options = app.ServiceProvider.GetRequiredService<IOptions<ServingOptions>>().Value;
        api.MapPredictEndpoints(options);
        api.MapServingStatusEndpoints();
        api.MapBatchJobEndpoints(options);
    }
}
