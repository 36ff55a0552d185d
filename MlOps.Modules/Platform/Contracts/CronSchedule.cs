using System.Globalization;
using Quartz;

namespace MlOps.Modules.Platform.Contracts;

/// <summary>
/// Quartz cron expressions (seconds minutes hours day-of-month month day-of-week [year]) as every module
/// schedules them: in UTC, and a fire missed while the server was down is skipped, not caught up.
/// </summary>
public static class CronSchedule
{
    public const string InvalidMessage = "Not a valid Quartz cron expression (seconds minutes hours day-of-month month day-of-week), e.g. '0 0 3 * * ?'.";

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
        var cron = new CronExpression(expression, TimeZoneInfo.Utc);
        var times = new List<DateTime>(count);
        var next = cron.GetNextValidTimeAfter(after);
        while (next is { } time && times.Count < count)
        {
            times.Add(time.UtcDateTime);
            next = cron.GetNextValidTimeAfter(time);
        }

        return times;
    }

    /// <summary>
    /// The shortest gap between consecutive fires over the next <paramref name="fires"/> fires, enough to hold a
    /// full cycle of the usual shapes; <see cref="TimeSpan.MaxValue"/> for a schedule that fires at most once.
    /// </summary>
    public static TimeSpan ShortestInterval(string expression, DateTimeOffset after, int fires = 1000)
    {
        var cron = new CronExpression(expression, TimeZoneInfo.Utc);
        var shortest = TimeSpan.MaxValue;
        var previous = cron.GetNextValidTimeAfter(after);
        for (var i = 0; i < fires && previous is { } time; i++)
        {
            var next = cron.GetNextValidTimeAfter(time);
            if (next is { } later && later - time < shortest) shortest = later - time;
            if (shortest <= TimeSpan.FromSeconds(1)) break;
            previous = next;
        }

        return shortest;
    }

    /// <summary>The trigger of a schedule: UTC, and misfires (fires missed while the server was down) do nothing.</summary>
    public static ITrigger Trigger(TriggerKey key, string expression) =>
        TriggerBuilder.Create()
            .WithIdentity(key)
            .WithCronSchedule(expression, cron => cron.InTimeZone(TimeZoneInfo.Utc).WithMisfireInstruction(CronTriggerMisfireInstruction.DoNothing))
            .Build();

    /// <summary>
    /// The common shapes in plain words ("every day at 02:00 UTC", "every Monday at 06:30 UTC", "every 15 minutes");
    /// anything else is shown as the expression itself.
    /// </summary>
    public static string Describe(string expression)
    {
        var fields = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length is not (6 or 7) || (fields.Length == 7 && fields[6] != "*")) return Verbatim(expression);
        var (second, minute, hour, dayOfMonth, month, dayOfWeek) = (fields[0], fields[1], fields[2], fields[3], fields[4], fields[5]);
        var anyDay = dayOfMonth is "*" or "?" && dayOfWeek is "*" or "?";
        if (month != "*") return Verbatim(expression);
        if (second == "*" && minute == "*" && hour == "*" && anyDay) return "every second";
        if (Every(second, "0") is { } seconds && minute == "*" && hour == "*" && anyDay) return $"every {seconds} seconds";
        if (second == "0" && minute == "*" && hour == "*" && anyDay) return "every minute";
        if (second == "0" && Every(minute, "0") is { } minutes && hour == "*" && anyDay) return $"every {minutes} minutes";
        if (second == "0" && Number(minute, 59) is { } past && hour == "*" && anyDay) return $"every hour at {past} minutes past";
        if (Number(second, 59) is not { } s || Number(minute, 59) is not { } m || Number(hour, 23) is not { } h) return Verbatim(expression);

        var time = s == 0 ? $"{h:00}:{m:00} UTC" : $"{h:00}:{m:00}:{s:00} UTC";
        if (anyDay) return $"every day at {time}";
        if (dayOfMonth is "*" or "?" && WeekDays(dayOfWeek) is { } days) return $"every {days} at {time}";
        if (dayOfWeek is "*" or "?" && Number(dayOfMonth, 31) is { } day && day > 0) return $"on day {day} of every month at {time}";
        return Verbatim(expression);
    }

    private static string Verbatim(string expression) => $"on the cron schedule '{expression}' (UTC)";

    private static int? Number(string field, int max) =>
        int.TryParse(field, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value <= max ? value : null;

    /// <summary>The step of "0/15" or "*/15".</summary>
    private static int? Every(string field, string start) =>
        field.Split('/') is [var from, var step] && (from == start || from == "*") && Number(step, 59) is > 1 and var n ? n : null;

    private static readonly string[] DayNames = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

    private static string? WeekDays(string field)
    {
        if (field.Equals("MON-FRI", StringComparison.OrdinalIgnoreCase) || field == "2-6") return "weekday (Monday to Friday)";
        var days = new List<string>();
        foreach (var part in field.Split(','))
        {
            var index = int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 7
                ? n - 1
                : Array.FindIndex(DayNames, d => d[..3].Equals(part, StringComparison.OrdinalIgnoreCase));
            if (index < 0) return null;
            days.Add(DayNames[index]);
        }

        return string.Join(", ", days);
    }
}
