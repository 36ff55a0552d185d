using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MlOps.Modules.Pipeline.Contracts;
using MlOps.Modules.Pipeline.Data;
using MlOps.Modules.Pipeline.Datasets;
using MlOps.Modules.Pipeline.Datasets.Queries;
using MlOps.Modules.Pipeline.Datasets.Reference;
using MlOps.Modules.Pipeline.Datasets.Samples;
using MlOps.Modules.Pipeline.Datasets.Upload;
using MlOps.Modules.Pipeline.Definitions;
using MlOps.Modules.Pipeline.Runs;
using MlOps.Modules.Pipeline.Schedules;
using MlOps.Modules.Pipeline.Training.Featurization;
using MlOps.Modules.Platform.Contracts;

namespace MlOps.Modules.Pipeline;

public static class PipelineModule
{
    public static IServiceCollection AddPipelineModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DatasetOptions>().Bind(configuration.GetSection(DatasetOptions.SectionName))
            .Validate(o => o.MaxUploadBytes > 0, "Pipeline:Datasets:MaxUploadBytes must be positive.")
            .Validate(o => o.MaxArchiveEntries > 0, "Pipeline:Datasets:MaxArchiveEntries must be positive.")
            .Validate(o => o.MaxUncompressedBytes > 0, "Pipeline:Datasets:MaxUncompressedBytes must be positive.")
            .Validate(o => o.MaxImagePixels > 0, "Pipeline:Datasets:MaxImagePixels must be positive.")
            .Validate(o => o.MaxCompressionRatio > 1, "Pipeline:Datasets:MaxCompressionRatio must be above 1.")
            .ValidateOnStart();
        services.AddOptions<SampleOptions>().Bind(configuration.GetSection(SampleOptions.SectionName)).ValidateOnStart();

        services.AddModuleDbContext<PipelineDbContext>(PipelineDbContext.TablePrefix);
        services.AddSingleton<UploadGate>();
        services.AddSingleton<SampleDatasets>();
        services.AddScoped<SamplePipelines>();
        services.AddScoped<DatasetUploader>();
        services.AddSingleton<ReferenceSampler>();
        services.AddScoped<IDatasetCatalog, DatasetCatalog>();
        services.AddSingleton<IModuleInitializer, OrphanedUploadSweep>();
        services.AddSingleton<IModuleInitializer, ImportSamplesOnStart>();

        services.AddOptions<PipelineOptions>().Bind(configuration.GetSection(PipelineOptions.SectionName))
            .Validate(o => o.MaxConcurrentRuns is >= 1 and <= 16, "Pipeline:MaxConcurrentRuns must be between 1 and 16.")
            .Validate(o => o.QueueCapacity >= 1, "Pipeline:QueueCapacity must be positive.")
            .ValidateOnStart();
        services.AddSingleton<PipelineScheduler>();
        services.AddScoped<IPipelineService, PipelineService>();
        services.AddScoped<PipelineRunExecutor>();
        services.AddScoped<EmbeddingCache>();
        services.AddScoped<ScheduledRetraining>();
        services.AddHostedService<RunWorker>();
        services.AddScoped<IOrphanedWork, InterruptOrphanedRuns>();
        services.AddSingleton<IModuleInitializer, RestoreSchedules>();
        return services;
    }

    public static void MapPipelineEndpoints(this IEndpointRouteBuilder app, IEndpointRouteBuilder api)
    {
        var limits = app.ServiceProvider.GetRequiredService<IOptions<DatasetOptions>>().Value;
        var datasets = api.MapGroup("/datasets").WithTags("Datasets");
        datasets.MapUploadDataset(limits);
        datasets.MapImportSamples();
        datasets.MapDatasetQueries();
        api.MapPipelineDefinitions();
        api.MapPipelineRuns();
    }
}
