using Microsoft.Extensions.Diagnostics.HealthChecks;
using Quartz;

namespace MlOps.Modules.Platform.Http;

internal sealed class SchedulerHealthCheck(ISchedulerFactory schedulers) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var status = await scheduler.GetStatus(cancellationToken);
        return status == SchedulerStatus.Running
            ? HealthCheckResult.Healthy($"The scheduler {await scheduler.GetSchedulerInstanceId(cancellationToken)} is running.")
            : HealthCheckResult.Unhealthy($"The scheduler is {status}, so schedules, alert checks and retention wait. Check the Quartz settings and the start-up log.");
    }
}
