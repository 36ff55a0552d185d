using Microsoft.Extensions.DependencyInjection;
using MlOps.Modules.Experiments.Contracts;
using MlOps.Modules.Platform.Contracts;

namespace MlOps.Modules.Mlflow.Tracking;

/// <summary>
/// MLflow clients log to experiment id <c>0</c> when none is set. MlOps ids start at 1, so <c>0</c> names the
/// experiment called <c>Default</c>, created at start like MLflow's own.
/// </summary>
internal sealed class DefaultExperiment(IServiceScopeFactory scopes) : IModuleInitializer
{
    public const string Id = "0";
    public const string Name = "Default";
    private const string Actor = "system:mlflow";

    // After every module has migrated (order 0).
    public int Order => 60;

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IExperimentTracker>().GetOrCreateExperimentAsync(Name, Actor, cancellationToken);
    }

    public static async Task<ExperimentSummary?> FindAsync(IExperimentCatalog catalog, string? id, CancellationToken cancellationToken) =>
        id == Id ? await catalog.GetExperimentByNameAsync(Name, cancellationToken)
        : string.IsNullOrEmpty(id) ? null
        : await catalog.GetExperimentAsync(id, cancellationToken);
}
