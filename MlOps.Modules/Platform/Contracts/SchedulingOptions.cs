namespace MlOps.Modules.Platform.Contracts;

public sealed class SchedulingOptions
{
    public const string SectionName = "Scheduling";

    /// <summary>The shortest gap a cron schedule may leave between two fires: each fire queues real work.</summary>
    public int MinimumIntervalSeconds { get; set; } = 300;

    /// <summary>Why <paramref name="expression"/> may not be a schedule, or null when it may.</summary>
    public string? Check(string? expression, DateTimeOffset now)
    {
        if (!CronSchedule.IsValid(expression)) return CronSchedule.InvalidMessage;
        return CronSchedule.ShortestInterval(expression!, now) < TimeSpan.FromSeconds(MinimumIntervalSeconds)
            ? $"The schedule fires more often than every {MinimumIntervalSeconds} seconds, the floor set by Scheduling:MinimumIntervalSeconds; e.g. '0 0/5 * * * ?' fires every 5 minutes."
            : null;
    }
}
