using MlOps.Modules.Monitoring.Data;

namespace MlOps.Tests.Monitoring;

public sealed class UnixMillisecondsTests
{
    [Fact]
    public void A_window_end_within_a_millisecond_rounds_up_so_times_stored_in_that_millisecond_stay_inside()
    {
        var stored = new DateTime(2026, 11, 23, 1, 2, 21, 593, DateTimeKind.Utc);
        var end = stored.AddTicks(4_283);

        Assert.Equal(stored.AddMilliseconds(1), UnixMilliseconds.Ceiling(end));
        Assert.Equal(stored, UnixMilliseconds.Ceiling(stored));
        Assert.True(UnixMilliseconds.To(UnixMilliseconds.From(end)) < UnixMilliseconds.Ceiling(end));
    }
}
