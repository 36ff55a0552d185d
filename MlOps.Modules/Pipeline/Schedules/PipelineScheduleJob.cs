using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace MlOps.Modules.Pipeline.Schedules;

[DisallowConcurrentExecution]
internal sealed class PipelineScheduleJob(IServiceScopeFactory scopes) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var pipeline = context.MergedJobDataMap.GetString(PipelineScheduler.PipelineKey)!;
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ScheduledRetraining>().FireAsync(pipeline, cancellationToken);
    }
}
