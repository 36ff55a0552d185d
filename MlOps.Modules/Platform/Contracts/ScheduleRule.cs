using FluentValidation;

namespace MlOps.Modules.Platform.Contracts;

public static class ScheduleRule
{
    /// <summary>A valid cron expression that fires no more often than <see cref="SchedulingOptions.MinimumIntervalSeconds"/>.</summary>
    public static IRuleBuilderOptions<T, TCron> IsSchedule<T, TCron>(this IRuleBuilder<T, TCron> rule, SchedulingOptions scheduling, TimeProvider clock)
        where TCron : class? =>
        rule.Must(cron => scheduling.Check(cron as string, clock.GetUtcNow()) is null)
            .WithMessage((_, cron) => scheduling.Check(cron as string, clock.GetUtcNow()) ?? "");
}
