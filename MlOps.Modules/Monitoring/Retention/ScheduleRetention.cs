using Microsoft.Extensions.Options;
using MlOps.Modules.Platform.Contracts;
using Quartz;

namespace MlOps.Modules.Monitoring.Retention;

/// <summary>
/// Schedules the retention job: a minute after start (the server may have been down a while; start-up work goes first),
/// then every <see cref="MonitoringOptions.RetentionIntervalMinutes"/>.
/// </summary>
internal sealed class ScheduleRetention(ISchedulerFactory schedulers, IOptions<MonitoringOptions> options, TimeProvider clock) : IModuleInitializer
{
    public int Order => 40;

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var interval = TimeSpan.FromMinutes(options.Value.RetentionIntervalMinutes);
        var job = JobBuilder.Create<RetentionJob>().WithIdentity(RetentionJob.Key).Build();
        var trigger = TriggerBuilder.Create()
            .WithIdentity(RetentionJob.Key.Name, RetentionJob.Key.Group)
            .StartAt(clock.GetUtcNow().AddMinutes(1))
            .WithSimpleSchedule(schedule => schedule.WithInterval(interval).RepeatForever()
                .WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount))
            .Build();
        await StoredSchedules.EnsureRepeatingAsync(scheduler, job, trigger, interval, cancellationToken);
    }
}
