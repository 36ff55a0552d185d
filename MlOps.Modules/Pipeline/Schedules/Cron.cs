using Quartz;

namespace MlOps.Modules.Pipeline.Schedules;

internal static class Cron
{
    public static bool IsValid(string? expression)
    {
        if (string.IsNullOrWhiteSpace(expression)) return false;
        try
        {
            _ = new CronExpression(expression);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    public static IReadOnlyList<DateTime> NextFireTimes(string expression, DateTimeOffset after, int count)
    {
        var cron = new CronExpression(expression);
        var times = new List<DateTime>(count);
        var next = cron.GetNextValidTimeAfter(after);
        while (next is { } time && times.Count < count)
        {
            times.Add(time.UtcDateTime);
            next = cron.GetNextValidTimeAfter(time);
        }

        return times;
    }
}
