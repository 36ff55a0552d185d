using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace MlOps.Modules.Monitoring.Alerts;

[DisallowConcurrentExecution]
internal sealed class AlertsJob(IServiceScopeFactory scopes) : IJob
{
    public static readonly JobKey Key = new("alert-checks", "monitoring");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<AlertEvaluator>().EvaluateAsync(cancellationToken);
    }
}
