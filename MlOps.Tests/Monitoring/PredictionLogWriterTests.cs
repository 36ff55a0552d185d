using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using MlOps.Modules.Monitoring.Log;
using MlOps.Modules.Platform.Contracts;
using MlOps.Tests.Support;
using MlOps.Tests.Support.Providers;

namespace MlOps.Tests.Monitoring;

public sealed class PredictionLogWriterTests(PredictionLogWriterTests.SmallQueueFactory factory)
    : IClassFixture<PredictionLogWriterTests.SmallQueueFactory>
{
    private const int Capacity = 1000;
    private const int BatchSize = 100;

    public sealed class SmallQueueFactory : MlOpsFactory
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Monitoring:QueueCapacity"] = Capacity.ToString(),
            ["Monitoring:FlushBatchSize"] = BatchSize.ToString(),
            ["Monitoring:FlushIntervalMilliseconds"] = "20",
        };
    }

    [Fact]
    public async Task While_the_database_is_locked_the_sink_answers_at_once_and_drops_only_what_the_queue_cannot_hold()
    {
        var (sink, queue) = (factory.Services.GetRequiredService<PredictionLogSink>(), factory.Services.GetRequiredService<PredictionLogQueue>());
        var before = queue.Status();
        await using var blocker = await factory.OpenDatabaseAsync();
        await TestDatabase.ExecuteAsync(blocker, factory.Database.Provider == DatabaseProvider.PostgreSql
            ? "BEGIN; LOCK TABLE monitoring_predictions IN EXCLUSIVE MODE"
            : "BEGIN IMMEDIATE");

        const int sent = 5000;
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < sent; i++) sink.Handle(LogEvents.Prediction("locked-out", i));
        var handOff = Stopwatch.GetElapsedTime(started);
        await Task.Delay(300); // the writer's chance to write, which the lock must deny it
        var blocked = queue.Status();

        Assert.True(handOff < TimeSpan.FromSeconds(1), $"{sent} hand-offs took {handOff.TotalMilliseconds:N0} ms while the database was locked");
        Assert.Equal(before.Written, blocked.Written);
        Assert.Equal(sent, blocked.Enqueued - before.Enqueued + blocked.Dropped - before.Dropped);
        Assert.InRange(blocked.Enqueued - before.Enqueued, Capacity, Capacity + BatchSize);

        await TestDatabase.ExecuteAsync(blocker, "ROLLBACK");

        Assert.True(await queue.WaitForAsync(blocked.Enqueued, TimeSpan.FromSeconds(30), default));
        var after = queue.Status();
        Assert.Equal(blocked.Enqueued - before.Enqueued, after.Written - before.Written);
        Assert.Equal(0, after.Failed);
        Assert.Equal(after.Written - before.Written, await CountAsync("locked-out"));
    }

    private Task<int> CountAsync(string model) => LoggedRows.CountAsync(factory, model);
}
