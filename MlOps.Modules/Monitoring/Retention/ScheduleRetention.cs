using Microsoft.Extensions.Options;
using MlOps.Modules.Platform.Contracts;
using Quartz;

namespace MlOps.Modules.Monitoring.Retention;

/// <summary>Schedules the retention job at start: once right away (the server may have been down a while), then every interval.</summary>
internal sealed class ScheduleRetention(ISchedulerFactory schedulers, IOptions<MonitoringOptions> options) : IModuleInitializer
{
    public int Order => 40;

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var job = JobBuilder.Create<RetentionJob>().WithIdentity(RetentionJob.Key).Build();
        var trigger = TriggerBuilder.Create()
            .WithIdentity(RetentionJob.Key.Name, RetentionJob.Key.Group)
            .StartNow()
            .WithSimpleSchedule(schedule => schedule.WithInterval(TimeSpan.FromMinutes(options.Value.RetentionIntervalMinutes)).RepeatForever()
                .WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount))
            .Build();
        await scheduler.ScheduleJob(job, trigger, cancellationToken: cancellationToken);
    }
}
