using MlOps.Modules.Pipeline.Contracts;
using MlOps.Modules.Platform.Contracts;
using Quartz;

namespace MlOps.Modules.Pipeline.Schedules;

/// <summary>
/// Keeps one Quartz trigger per scheduled pipeline. Misfire policy: a fire missed while the server was
/// down is skipped, not caught up; the next fire time runs as usual. Cron times are UTC.
/// </summary>
internal sealed class PipelineScheduler(ISchedulerFactory schedulers)
{
    public const string Group = "pipelines";
    public const string PipelineKey = "pipeline";

    public async Task ApplyAsync(string pipeline, ScheduleSettings? schedule, CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var key = new JobKey(pipeline, Group);
        if (schedule is not { Enabled: true })
        {
            await scheduler.DeleteJob(key, cancellationToken);
            return;
        }

        var job = JobBuilder.Create<PipelineScheduleJob>().WithIdentity(key).RequestRecovery().UsingJobData(PipelineKey, pipeline).Build();
        await StoredSchedules.ReplaceAsync(scheduler, job, CronSchedule.Trigger(new TriggerKey(pipeline, Group), schedule.Cron), cancellationToken);
    }
}
