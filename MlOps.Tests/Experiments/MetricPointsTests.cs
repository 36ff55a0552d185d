using MlOps.Modules.Experiments.Data;

namespace MlOps.Tests.Experiments;

public sealed class MetricPointsTests
{
    [Fact]
    public void Packed_points_read_back_in_step_order_without_exact_duplicates()
    {
        var first = MetricPoints.Pack([(2, 2_000, 0.5), (1, 1_000, double.MaxValue)]);
        var second = MetricPoints.Pack([(1, 1_000, double.MaxValue), (0, 500, -1e-300)]);

        var history = MetricPoints.History([first, second]);

        Assert.Equal([0L, 1L, 2L], history.Select(p => p.Step));
        Assert.Equal([-1e-300, double.MaxValue, 0.5], history.Select(p => p.Value));
        Assert.Equal(DateTime.UnixEpoch.AddMilliseconds(500), history[0].Timestamp);
    }
}
