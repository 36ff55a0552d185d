using Microsoft.Extensions.Options;
using MlOps.Modules.Platform.Contracts;
using Quartz;

namespace MlOps.Modules.Monitoring.Alerts;

/// <summary>
/// Schedules the alert checks every <see cref="MonitoringOptions.AlertsOptions.IntervalMinutes"/>, the first one interval
/// after start: right after a restart the window holds the same traffic the last checks saw.
/// </summary>
internal sealed class ScheduleAlerts(ISchedulerFactory schedulers, IOptions<MonitoringOptions> options, TimeProvider clock) : IModuleInitializer
{
    public int Order => 40;

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var interval = TimeSpan.FromMinutes(options.Value.Alerts.IntervalMinutes);
        var job = JobBuilder.Create<AlertsJob>().WithIdentity(AlertsJob.Key).Build();
        var trigger = TriggerBuilder.Create()
            .WithIdentity(AlertsJob.Key.Name, AlertsJob.Key.Group)
            .StartAt(clock.GetUtcNow().Add(interval))
            .WithSimpleSchedule(schedule => schedule.WithInterval(interval).RepeatForever()
                .WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount))
            .Build();
        await StoredSchedules.EnsureRepeatingAsync(scheduler, job, trigger, interval, cancellationToken);
    }
}
