using System.Diagnostics;
using Microsoft.Extensions.Options;
using MlOps.Modules.Monitoring;
using MlOps.Modules.Monitoring.Contracts;
using MlOps.Modules.Monitoring.Log;
using MlOps.Modules.Monitoring.Metrics;

namespace MlOps.Tests.Monitoring;

public sealed class PredictionLogQueueTests
{
    [Fact]
    public void A_full_queue_drops_and_counts_instead_of_waiting()
    {
        var queue = new PredictionLogQueue(Options.Create(new MonitoringOptions { QueueCapacity = 100 }));
        var sink = new PredictionLogSink(queue, new PredictionMetrics(Prometheus.Metrics.NewCustomRegistry()));

        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < 10_000; i++) sink.Handle(LogEvents.Prediction("queue-test", i));
        var elapsed = Stopwatch.GetElapsedTime(started);

        var status = queue.Status();
        Assert.Equal(100, status.Capacity);
        Assert.Equal(100, status.Enqueued);
        Assert.Equal(100, status.Depth);
        Assert.Equal(9_900, status.Dropped);
        Assert.Equal(0, status.Written);
        // No writer runs here, so a hand-off that waited for room would never return; the bound only has to tell "returned" from "hung".
        Assert.True(elapsed < TimeSpan.FromSeconds(30), $"10,000 hand-offs took {elapsed.TotalMilliseconds:N0} ms");
    }

    [Fact]
    public async Task Waiting_for_the_writer_ends_when_the_entries_before_the_mark_are_written()
    {
        var queue = new PredictionLogQueue(Options.Create(new MonitoringOptions { QueueCapacity = 10 }));
        for (var i = 0; i < 3; i++) queue.Add(LogEntry.Of(LogEvents.Prediction("queue-test", i)));

        var waiting = queue.WaitForAsync(queue.Enqueued, TimeSpan.FromSeconds(10), default);
        Assert.False(waiting.IsCompleted);
        var batch = new List<LogEntry>();
        queue.Take(batch, 10);
        queue.Completed(written: 2, failed: 1);

        Assert.True(await waiting);
        Assert.False(await queue.WaitForAsync(queue.Enqueued + 1, TimeSpan.FromMilliseconds(50), default));
        Assert.Equal(new PredictionLogStatus(10, 0, 3, 2, 0, 1), queue.Status());
    }
}
