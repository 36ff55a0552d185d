using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MlOps.Modules.Platform.Contracts;
using MlOps.Modules.Registry.Aliases;
using MlOps.Modules.Registry.Artifacts;
using MlOps.Modules.Registry.Contracts;
using MlOps.Modules.Registry.Data;
using MlOps.Modules.Registry.Models;
using MlOps.Modules.Registry.Promotions;
using MlOps.Modules.Registry.Versions;

namespace MlOps.Modules.Registry;

public static class RegistryModule
{
    public static IServiceCollection AddRegistryModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RegistryOptions>().Bind(configuration.GetSection(RegistryOptions.SectionName))
            .Validate(o => o.MaxArtifactBytes > 0 && o.MaxUncompressedBytes > 0 && o.MaxOnnxInputElements > 0, "Registry size limits must be positive.")
            .Validate(o => o.MaxArchiveEntries > 0 && o.MaxCompressionRatio > 1, "Registry:MaxArchiveEntries must be positive and MaxCompressionRatio above 1.")
            .ValidateOnStart();
        services.AddModuleDbContext<RegistryDbContext>(RegistryDbContext.TablePrefix);
        services.AddSingleton<ModelArchiveInspector>();
        services.AddSingleton<OnnxModelInspector>();
        services.AddScoped<IModelRegistry, ModelRegistry>();
        return services;
    }

    public static void MapRegistryEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapModelEndpoints();
        api.MapRegisterFromRun();
        api.MapUploadOnnx();
        api.MapAliasEndpoints();
        api.MapPromotionEndpoints();
    }
}
