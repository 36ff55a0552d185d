using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using MlOps.Modules.Monitoring.Contracts;
using MlOps.Modules.Monitoring.Log;
using MlOps.Tests.Support;
using Xunit.Abstractions;

namespace MlOps.Tests.Monitoring;

public sealed class PredictionLogBatchTests(PredictionLogBatchTests.BatchFactory factory, ITestOutputHelper output) : IClassFixture<PredictionLogBatchTests.BatchFactory>
{
    private const int Sent = 50_000;

    public sealed class BatchFactory : MlOpsFactory
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Monitoring:QueueCapacity"] = Sent.ToString(),
            ["Monitoring:FlushBatchSize"] = "2000",
        };
    }

    [Fact]
    public async Task Batches_write_every_queued_entry_with_its_inputs_and_output()
    {
        var (sink, queue) = (factory.Services.GetRequiredService<PredictionLogSink>(), factory.Services.GetRequiredService<PredictionLogQueue>());
        var before = queue.Status();
        var at = LoggedRows.Now();

        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < Sent; i++) sink.Handle(LogEvents.Prediction("batched", i, at.AddMilliseconds(i)));
        Assert.True(await queue.WaitForAsync(queue.Enqueued, TimeSpan.FromSeconds(60), default));
        var elapsed = Stopwatch.GetElapsedTime(started);
        output.WriteLine($"{Sent:N0} log entries written in {elapsed.TotalSeconds:F2} s ({Sent / elapsed.TotalSeconds:N0} per second)");

        var after = queue.Status();
        Assert.Equal(Sent, after.Written - before.Written);
        Assert.Equal((before.Dropped, before.Failed), (after.Dropped, after.Failed));
        Assert.Equal(Sent, await LoggedRows.CountAsync(factory, "batched"));

        await using var scope = factory.Services.CreateAsyncScope();
        var logged = await scope.ServiceProvider.GetRequiredService<IMonitoringQueries>()
            .ReadWindowAsync("batched", 1, new TimeWindow(at, at.AddMinutes(1)), 2, default).ToListAsync();
        Assert.Equal(["request-49999", "request-49998"], logged.Select(p => p.RequestId));
        var newest = logged[0];
        Assert.Equal(at.AddMilliseconds(Sent - 1), newest.At);
        Assert.Equal(new Dictionary<string, object?> { ["Island"] = "Dream", ["Beak Length (mm)"] = 49.0, ["Comment"] = null }, newest.Inputs);
        Assert.Equal("Adelie", newest.Output.Label);
        Assert.Equal(0.75, newest.Output.Probabilities!["Gentoo"]);
        Assert.Equal(0.5, newest.LatencyMs);
        Assert.Equal(("production", "tests", 0), (newest.Alias, newest.Caller, newest.Index));
    }
}
