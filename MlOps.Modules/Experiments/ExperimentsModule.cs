using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MlOps.Modules.Experiments.Artifacts;
using MlOps.Modules.Experiments.Contracts;
using MlOps.Modules.Experiments.CreateExperiment;
using MlOps.Modules.Experiments.CreateRun;
using MlOps.Modules.Experiments.Data;
using MlOps.Modules.Experiments.GetExperiments;
using MlOps.Modules.Experiments.GetRun;
using MlOps.Modules.Experiments.LogBatch;
using MlOps.Modules.Experiments.SearchRuns;
using MlOps.Modules.Experiments.Tracking;
using MlOps.Modules.Experiments.UpdateRun;
using MlOps.Modules.Platform.Contracts;

namespace MlOps.Modules.Experiments;

public static class ExperimentsModule
{
    public static IServiceCollection AddExperimentsModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ExperimentsOptions>().Bind(configuration.GetSection(ExperimentsOptions.SectionName))
            .Validate(o => o.MaxArtifactBytes > 0, "Experiments:MaxArtifactBytes must be a positive number of bytes.")
            .ValidateOnStart();
        services.AddModuleDbContext<ExperimentsDbContext>(ExperimentsDbContext.TablePrefix);
        services.AddDbContextFactory<ExperimentsDbContext>((provider, options) => ModuleDatabase.Configure(options, provider, ExperimentsDbContext.TablePrefix), ServiceLifetime.Scoped);
        services.AddSingleton<RunLogWriter>();
        services.AddSingleton<RunReader>();
        services.AddScoped<ExperimentService>();
        services.AddScoped<IExperimentCatalog>(provider => provider.GetRequiredService<ExperimentService>());
        services.AddScoped<IExperimentTracker>(provider => provider.GetRequiredService<ExperimentService>());
        return services;
    }

    public static void MapExperimentsEndpoints(this IEndpointRouteBuilder app, IEndpointRouteBuilder api)
    {
        var experiments = api.MapGroup("/experiments").RequireAuthorization(Policies.Read).WithTags("Experiments");
        experiments.MapCreateExperiment();
        experiments.MapGetExperiments();
        experiments.MapCreateRun();

        var runs = api.MapGroup("/runs").RequireAuthorization(Policies.Read).WithTags("Experiments");
        runs.MapSearchRuns();
        runs.MapGetRun();
        runs.MapUpdateRun();
        runs.MapLogBatch();
        runs.MapArtifacts();
    }
}
