using MlOps.Modules.Platform.Contracts;
using Quartz;

namespace MlOps.Modules.Serving.Batch.Schedules;

/// <summary>One Quartz trigger per scheduled batch definition (UTC; fires missed while the server was down are skipped).</summary>
internal sealed class BatchScheduler(ISchedulerFactory schedulers)
{
    public const string Group = "batch-definitions";
    public const string DefinitionKey = "definition";

    public async Task ApplyAsync(string definition, string? cron, CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var key = new JobKey(definition, Group);
        if (cron is null)
        {
            await scheduler.DeleteJob(key, cancellationToken);
            return;
        }

        var job = JobBuilder.Create<BatchScheduleJob>().WithIdentity(key).RequestRecovery().UsingJobData(DefinitionKey, definition).Build();
        await StoredSchedules.ReplaceAsync(scheduler, job, CronSchedule.Trigger(new TriggerKey(definition, Group), cron), cancellationToken);
    }
}
