using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace MlOps.Modules.Serving.Batch.Schedules;

[DisallowConcurrentExecution]
internal sealed class BatchScheduleJob(IServiceScopeFactory scopes) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var definition = context.MergedJobDataMap.GetString(BatchScheduler.DefinitionKey)!;
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ScheduledBatch>().FireAsync(definition, cancellationToken);
    }
}
