using MlOps.Modules.Monitoring.Contracts;

namespace MlOps.Web.Components.Pages.Monitoring;

/// <summary>The stretches of time a person picks on a model's monitoring page.</summary>
public enum MonitoringRange
{
    LastHour,
    LastDay,
    LastWeek,
}

/// <summary>
/// A range cut into about fifty buckets. The window ends at the next bucket boundary, so buckets start on round
/// times (10:05, not 10:03:17) and the newest one holds the traffic of the last minutes.
/// </summary>
public sealed record MonitoringWindow(MonitoringRange Range, TimeWindow Window, TimeSpan Bucket)
{
    /// <summary>The health-at-a-glance window of the monitoring list and the dashboard.</summary>
    public static TimeWindow LastDay(TimeProvider clock)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return new TimeWindow(now - TimeSpan.FromDays(1), now);
    }

    public static MonitoringWindow Ending(DateTime now, MonitoringRange range)
    {
        var (length, bucket) = range switch
        {
            MonitoringRange.LastHour => (TimeSpan.FromHours(1), TimeSpan.FromMinutes(1)),
            MonitoringRange.LastDay => (TimeSpan.FromDays(1), TimeSpan.FromMinutes(30)),
            _ => (TimeSpan.FromDays(7), TimeSpan.FromHours(3)),
        };
        var end = new DateTime((now.Ticks / bucket.Ticks + 1) * bucket.Ticks, DateTimeKind.Utc);
        return new MonitoringWindow(range, new TimeWindow(end - length, end), bucket);
    }

    public static string Describe(MonitoringRange range) => range switch
    {
        MonitoringRange.LastHour => "last hour",
        MonitoringRange.LastDay => "last 24 hours",
        _ => "last 7 days",
    };

    public string Description => Describe(Range);

    public IReadOnlyList<DateTime> BucketStarts =>
        Enumerable.Range(0, (int)Math.Ceiling(Window.Length / Bucket)).Select(i => Window.From + Bucket * i).ToList();

    /// <summary>How a bucket's start reads on a chart's time axis (UTC).</summary>
    public string Label(DateTime start) => Range == MonitoringRange.LastWeek ? start.ToString("MM-dd HH:mm") : start.ToString("HH:mm");
}
