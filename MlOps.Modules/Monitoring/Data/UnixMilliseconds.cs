using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace MlOps.Modules.Monitoring.Data;

/// <summary>
/// Log times are stored as UTC milliseconds since 1970: integers compare and index cheaply, and the bulk writer
/// binds them without formatting text.
/// </summary>
internal sealed class UnixMilliseconds() : ValueConverter<DateTime, long>(value => From(value), value => To(value))
{
    public static long From(DateTime value) => (value.ToUniversalTime() - DateTime.UnixEpoch).Ticks / TimeSpan.TicksPerMillisecond;

    /// <summary>
    /// The end of a window as stored times see it: a time stored as its whole millisecond lies before an end within
    /// that millisecond, so ends are rounded up.
    /// </summary>
    public static DateTime Ceiling(DateTime end) =>
        end.Ticks % TimeSpan.TicksPerMillisecond == 0 ? end : new DateTime(end.Ticks - end.Ticks % TimeSpan.TicksPerMillisecond + TimeSpan.TicksPerMillisecond, end.Kind);

    public static DateTime To(long milliseconds) => DateTime.UnixEpoch.AddTicks(milliseconds * TimeSpan.TicksPerMillisecond);
}
