using System.Collections.Concurrent;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using MlOps.Modules.Pipeline.Contracts;
using MlOps.Tests.Pipeline;
using MlOps.Tests.Support;
using MlOps.Tests.Support.Providers;
using Quartz;

namespace MlOps.Tests.Platform.Cluster;

/// <summary>Two hosts over one PostgreSQL database stand for two replicas: one clustered scheduler, one heartbeat table.</summary>
[OnPostgreSqlOnly]
public sealed class ClusteredSchedulerTests
{
    [Fact]
    public async Task Both_replicas_schedule_through_the_shared_ado_store_and_each_cron_fire_runs_on_exactly_one()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "mlops-tests", Guid.NewGuid().ToString("N"));
        await using var replicaA = new ReplicaFactory("replica-a") { DataDirectory = dataDirectory };
        await using var replicaB = new ReplicaFactory("replica-b") { DataDirectory = dataDirectory, DeleteDataOnDispose = false };
        using var clientA = replicaA.CreateAdminClient();
        using var clientB = replicaB.CreateAdminClient();
        var schedulerA = await replicaA.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        var schedulerB = await replicaB.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        var key = new JobKey(Guid.NewGuid().ToString("N"), "cluster-test");

        await schedulerA.ScheduleJob(JobBuilder.Create<RecordFire>().WithIdentity(key).Build(),
            TriggerBuilder.Create().WithIdentity(key.Name, key.Group).WithCronSchedule("0/2 * * * * ?").Build());
        var seenByB = await schedulerB.GetTrigger(new TriggerKey(key.Name, key.Group));
        var fires = await Poll.UntilAsync(() => Task.FromResult(RecordFire.Of(key)), f => f.Select(x => x.Scheduled).Distinct().Count() >= 6,
            TimeSpan.FromSeconds(90), f => $"only {f.Count} fires so far");
        await schedulerA.DeleteJob(key);

        Assert.NotNull(seenByB);
        Assert.NotEqual(schedulerA.SchedulerInstanceId, schedulerB.SchedulerInstanceId);
        Assert.Equal(schedulerA.SchedulerName, schedulerB.SchedulerName);
        var settled = fires.Select(f => f.Scheduled).Distinct().Order().SkipLast(2).ToList();
        Assert.All(settled, time => Assert.Single(fires, f => f.Scheduled == time));
        Assert.All(fires, f => Assert.Contains(f.Instance, new[] { schedulerA.SchedulerInstanceId, schedulerB.SchedulerInstanceId }));
        Assert.Equal(2L, await ScalarAsync(replicaA, "SELECT count(*) FROM qrtz_scheduler_state WHERE sched_name = 'mlops'"));
        Assert.Equal(2L, await ScalarAsync(replicaA, "SELECT count(*) FROM platform_replicas WHERE \"Name\" IN ('replica-a', 'replica-b')"));
    }

    [Fact]
    public async Task A_silent_replicas_run_is_interrupted_a_live_ones_left_alone_and_queued_runs_go_to_a_live_one()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "mlops-tests", Guid.NewGuid().ToString("N"));
        await using var replicaA = new ReplicaFactory("replica-a") { DataDirectory = dataDirectory };
        await using var replicaB = new ReplicaFactory("replica-b") { DataDirectory = dataDirectory, DeleteDataOnDispose = false };
        using var clientA = replicaA.CreateAdminClient();
        using var clientB = replicaB.CreateAdminClient();
        await PipelineApi.UploadAsync(clientA, "iris", "iris.csv");
        foreach (var name in new[] { "on-live", "on-silent" })
            await PipelineApi.CreateAsync(clientA, new { name, dataset = "iris", task = "MulticlassClassification", label = "species", trainers = new[] { "LightGbm" } });
        await using (var connection = await replicaA.OpenDatabaseAsync())
        {
            await TestDatabase.ExecuteAsync(connection, """
                INSERT INTO platform_replicas ("Name", "StartedAt", "LastSeenAt") VALUES ('silent-replica', now() - interval '5 minutes', now() - interval '1 minute');
                INSERT INTO pipeline_runs ("Id", "PipelineName", "DefinitionJson", "Status", "Progress", "Dataset", "TrialsJson", "PlannedTrials", "Trigger", "RequestedBy", "QueuedAt", "StartedAt", "Instance", "CancelRequested")
                SELECT 'run-' || "Name", "Name", "DefinitionJson", 'Running', 0.5, 'iris', '[]', 2, 'manual', 'admin', now(), now(),
                       CASE "Name" WHEN 'on-live' THEN 'replica-b' ELSE 'silent-replica' END, FALSE
                FROM pipeline_pipelines WHERE "Name" IN ('on-live', 'on-silent');
                """);
        }

        var interrupted = await PipelineApi.WaitAsync(clientA, "run-on-silent", TimeSpan.FromSeconds(90));
        var silentListed = await Poll.UntilAsync(() => ScalarAsync(replicaA, "SELECT count(*) FROM platform_replicas WHERE \"Name\" = 'silent-replica'"),
            count => count == 0, TimeSpan.FromSeconds(60), count => $"the silent replica is still listed ({count})");
        var untouched = await clientB.GetFromJsonAsync<PipelineRunDetails>("/api/v1/pipeline-runs/run-on-live", DatasetApi.Json);
        var queuedLater = await PipelineApi.RunToEndAsync(clientA,
            new { name = "queued-later", dataset = "iris", task = "MulticlassClassification", label = "species", trainers = new[] { "LightGbm" } }, "queued-later");

        Assert.Equal(PipelineRunStatus.Interrupted, interrupted.Status);
        Assert.Equal(0L, silentListed);
        Assert.Equal(PipelineRunStatus.Running, untouched!.Status);
        Assert.Equal("replica-b", untouched.Instance);
        Assert.Equal(PipelineRunStatus.Succeeded, queuedLater.Status);
        Assert.Contains(queuedLater.Instance, new[] { "replica-a", "replica-b" });
    }

    [Fact]
    public async Task A_run_is_cancelled_through_the_replica_that_does_not_run_it()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "mlops-tests", Guid.NewGuid().ToString("N"));
        await using var replicaA = new ReplicaFactory("replica-a") { DataDirectory = dataDirectory };
        await using var replicaB = new ReplicaFactory("replica-b") { DataDirectory = dataDirectory, DeleteDataOnDispose = false };
        var clients = new Dictionary<string, HttpClient> { ["replica-a"] = replicaA.CreateAdminClient(), ["replica-b"] = replicaB.CreateAdminClient() };
        await PipelineApi.UploadAsync(clients["replica-a"], "cars-slow", "cars.csv");
        await PipelineApi.CreateAsync(clients["replica-a"], new
        {
            name = "cars-slow", dataset = "cars-slow", task = "Regression", label = "Miles_per_Gallon",
            trainers = new[] { "FastTree", "FastForest" }, search = new { strategy = "Grid", maxTrials = 200, maxMinutes = 10 }, validation = new { folds = 10 },
        });
        var started = await PipelineApi.StartAsync(clients["replica-a"], "cars-slow");
        var running = await PipelineApi.WaitForAsync(clients["replica-a"], started.Id, run => run.Status == PipelineRunStatus.Running && run.PlannedTrials > 0);
        var other = clients.Single(c => c.Key != running.Instance).Value;

        var cancel = await other.PostAsync($"/api/v1/pipeline-runs/{started.Id}/cancel", null);
        var run = await PipelineApi.WaitAsync(other, started.Id, TimeSpan.FromSeconds(30));

        Assert.Equal(System.Net.HttpStatusCode.Accepted, cancel.StatusCode);
        Assert.Equal(PipelineRunStatus.Cancelled, run.Status);
        Assert.Equal(running.Instance, run.Instance);
        foreach (var client in clients.Values) client.Dispose();
    }

    private static async Task<long> ScalarAsync(MlOpsFactory replica, string sql)
    {
        await using var connection = await replica.OpenDatabaseAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    /// <summary>Records each fire with the scheduler instance that ran it.</summary>
    internal sealed class RecordFire : IJob
    {
        private static readonly ConcurrentQueue<(string Job, string Instance, DateTimeOffset Scheduled)> Fires = new();

        public static IReadOnlyList<(string Instance, DateTimeOffset Scheduled)> Of(JobKey key) =>
            Fires.Where(f => f.Job == key.Name).Select(f => (f.Instance, f.Scheduled)).ToList();

        public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
        {
            Fires.Enqueue((context.JobDetail.Key.Name, context.Scheduler.SchedulerInstanceId, context.ScheduledFireTimeUtc ?? context.FireTimeUtc));
            return ValueTask.CompletedTask;
        }
    }
}
