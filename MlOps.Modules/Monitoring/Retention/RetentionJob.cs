using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace MlOps.Modules.Monitoring.Retention;

[DisallowConcurrentExecution]
internal sealed class RetentionJob(IServiceScopeFactory scopes) : IJob
{
    public static readonly JobKey Key = new("prediction-retention", "monitoring");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<PredictionRetention>().PurgeAsync(cancellationToken);
    }
}
