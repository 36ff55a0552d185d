using MlOps.Modules.Monitoring.Contracts;
using MlOps.Modules.Monitoring.Data;

namespace MlOps.Modules.Monitoring.Queries;

/// <summary>
/// A window cut where per-second totals can stand in for logged rows: the whole seconds
/// [<see cref="FirstSecond"/>, <see cref="EndSecond"/>), and the partial seconds before and after them, read as rows.
/// A window without a whole second is all <see cref="Head"/>.
/// </summary>
internal sealed record WindowSeconds(long FirstSecond, long EndSecond, (DateTime From, DateTime End) Head, (DateTime From, DateTime End) Tail)
{
    public static WindowSeconds Of(TimeWindow window)
    {
        var end = UnixMilliseconds.Ceiling(window.To);
        var first = (UnixMilliseconds.From(window.From) + 999) / 1000;
        var last = UnixMilliseconds.From(end) / 1000;
        return first < last
            ? new WindowSeconds(first, last, (window.From, Start(first)), (Start(last), end))
            : new WindowSeconds(0, 0, (window.From, end), (end, end));
    }

    public static DateTime Start(long second) => UnixMilliseconds.To(second * 1000);
}
