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
        await scheduler.DeleteJob(key, cancellationToken);
        if (cron is null) return;

        var job = JobBuilder.Create<BatchScheduleJob>().WithIdentity(key).UsingJobData(DefinitionKey, definition).Build();
        await scheduler.ScheduleJob(job, CronSchedule.Trigger(new TriggerKey(definition, Group), cron), cancellationToken: cancellationToken);
    }
}
