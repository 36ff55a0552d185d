using Quartz;

namespace MlOps.Modules.Platform.Contracts;

/// <summary>
/// How modules store a job with its trigger in the scheduler. On PostgreSQL the store is shared by every replica, and
/// replicas that start together apply the same schedules side by side, so a store replaces instead of failing on a
/// trigger another replica stored a moment before.
/// </summary>
public static class StoredSchedules
{
    public static async Task ReplaceAsync(IScheduler scheduler, IJobDetail job, ITrigger trigger, CancellationToken cancellationToken) =>
        await scheduler.ScheduleJob(job, [trigger], ScheduleJobOptions.Replacing, cancellationToken);

    /// <summary>
    /// Keeps a repeating trigger already stored with the same interval, so a replica that starts does not push the
    /// cluster's next run back; stores <paramref name="trigger"/> when there is none or the interval changed.
    /// </summary>
    public static async Task EnsureRepeatingAsync(IScheduler scheduler, IJobDetail job, ITrigger trigger, TimeSpan interval, CancellationToken cancellationToken)
    {
        if (await scheduler.GetTrigger(trigger.Key, cancellationToken) is ISimpleTrigger stored && stored.RepeatInterval == interval) return;
        await ReplaceAsync(scheduler, job, trigger, cancellationToken);
    }
}
