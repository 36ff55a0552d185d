using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MlOps.Modules.Pipeline.Contracts;
using MlOps.Modules.Platform.Contracts;

namespace MlOps.Modules.Pipeline.Datasets.Samples;

internal sealed class ImportSamplesOnStart(IServiceScopeFactory scopes, IOptions<SampleOptions> options) : IModuleInitializer
{
    public const string Actor = "system:samples";

    // After every module has migrated (order 0) and orphaned uploads are swept (order 50).
    public int Order => 100;

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.ImportOnStart) return;
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IDatasetCatalog>().ImportSamplesAsync(Actor, cancellationToken);
    }
}
