namespace MlOps.Modules.Experiments.Tracking;

internal static class UnixTime
{
    public static long ToMilliseconds(DateTime time) => new DateTimeOffset(time.Kind == DateTimeKind.Unspecified
        ? DateTime.SpecifyKind(time, DateTimeKind.Utc)
        : time.ToUniversalTime()).ToUnixTimeMilliseconds();

    public static DateTime FromMilliseconds(long milliseconds) => DateTimeOffset.FromUnixTimeMilliseconds(milliseconds).UtcDateTime;
}
