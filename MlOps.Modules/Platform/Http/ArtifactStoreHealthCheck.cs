using Microsoft.Extensions.Diagnostics.HealthChecks;
using MlOps.Modules.Platform.Artifacts;

namespace MlOps.Modules.Platform.Http;

internal sealed class ArtifactStoreHealthCheck(ArtifactStoreProbe probe) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await probe.ProblemAsync(cancellationToken) is { } problem
            ? HealthCheckResult.Unhealthy(problem)
            : HealthCheckResult.Healthy("The artifact store takes writes and reads them back.");
}
