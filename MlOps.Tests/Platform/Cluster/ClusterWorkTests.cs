using System.Collections.Concurrent;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using MlOps.Modules.Pipeline.Contracts;
using MlOps.Modules.Pipeline.Data;
using MlOps.Modules.Platform.Contracts;
using MlOps.Modules.Serving.Contracts;
using MlOps.Tests.Pipeline;
using MlOps.Tests.Serving;
using MlOps.Tests.Support;
using MlOps.Tests.Support.Providers;

namespace MlOps.Tests.Platform.Cluster;

/// <summary>Work queued in the database, on either provider: claimed once, stamped with its replica, interrupted when that replica dies.</summary>
public sealed class ClusterWorkTests
{
    private const int Items = 120;

    [Fact]
    public async Task Two_claimers_at_once_get_each_queued_item_exactly_once()
    {
        await using var factory = new MlOpsFactory();
        using var _ = factory.CreateAdminClient();
        await using (var connection = await factory.OpenDatabaseAsync())
        {
            var time = factory.Database.Provider == DatabaseProvider.PostgreSql ? "timestamp with time zone" : "TEXT";
            await TestDatabase.ExecuteAsync(connection,
                $"""CREATE TABLE claim_test ("Id" TEXT PRIMARY KEY, "Status" TEXT NOT NULL, "Instance" TEXT NULL, "QueuedAt" {time} NOT NULL, "StartedAt" {time} NULL)""");
            var rows = Enumerable.Range(0, Items).Select(i => $"('item-{i:000}', 'Queued', '2026-01-01 00:{i / 60:00}:{i % 60:00}')");
            await TestDatabase.ExecuteAsync(connection, $"""INSERT INTO claim_test ("Id", "Status", "QueuedAt") VALUES {string.Join(", ", rows)}""");
        }

        var claims = new ConcurrentBag<(string Claimer, string Id)>();
        async Task ClaimAllAsync(string claimer)
        {
            while (true)
            {
                await using var scope = factory.Services.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<PipelineDbContext>();
                if (await WorkQueue.ClaimNextAsync(db.Database, "claim_test", "QueuedAt", claimer, DateTime.UtcNow, CancellationToken.None) is not { } id) return;
                claims.Add((claimer, id));
            }
        }

        await Task.WhenAll(Task.Run(() => ClaimAllAsync("claimer-a")), Task.Run(() => ClaimAllAsync("claimer-b")));

        Assert.Equal(Items, claims.Count);
        Assert.Equal(Items, claims.Select(c => c.Id).Distinct().Count());
        await using var check = await factory.OpenDatabaseAsync();
        await using var command = check.CreateCommand();
        command.CommandText = """SELECT "Id", "Instance" FROM claim_test WHERE "Status" = 'Running'""";
        var stamped = new Dictionary<string, string>();
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync()) stamped[reader.GetString(0)] = reader.GetString(1);
        Assert.Equal(claims.ToDictionary(c => c.Id, c => c.Claimer), stamped);
    }

    [Fact]
    public async Task A_run_names_the_replica_that_ran_it()
    {
        await using var factory = new ReplicaFactory("replica-under-test");
        using var client = factory.CreateAdminClient();
        await PipelineApi.UploadAsync(client, "iris", "iris.csv");

        var run = await PipelineApi.RunToEndAsync(client,
            new { name = "named-replica", dataset = "iris", task = "MulticlassClassification", label = "species", trainers = new[] { "LightGbm" } }, "named-replica");

        Assert.Equal(PipelineRunStatus.Succeeded, run.Status);
        Assert.Equal("replica-under-test", run.Instance);
        var listed = await client.GetStringAsync("/api/v1/pipelines/named-replica/runs");
        Assert.Contains("\"instance\":\"replica-under-test\"", listed);
    }

    [Fact]
    public async Task Running_work_of_a_replica_gone_silent_becomes_Interrupted_and_audited()
    {
        await using var factory = new MlOpsFactory();
        using var client = factory.CreateAdminClient();
        await PipelineApi.UploadAsync(client, "iris", "iris.csv");
        await PipelineApi.CreateAsync(client, new { name = "orphaned", dataset = "iris", task = "MulticlassClassification", label = "species", trainers = new[] { "LightGbm" } });
        await using (var connection = await factory.OpenDatabaseAsync())
        {
            await TestDatabase.ExecuteAsync(connection, """
                INSERT INTO platform_replicas ("Name", "StartedAt", "LastSeenAt") VALUES ('gone-replica', '2026-01-01 00:00:00', '2026-01-01 00:00:00');
                INSERT INTO pipeline_runs ("Id", "PipelineName", "DefinitionJson", "Status", "Progress", "Dataset", "TrialsJson", "PlannedTrials", "Trigger", "RequestedBy", "QueuedAt", "StartedAt", "Instance", "CancelRequested")
                VALUES ('orphaned-run', 'orphaned', (SELECT "DefinitionJson" FROM pipeline_pipelines WHERE "Name" = 'orphaned'), 'Running', 0.5, 'iris', '[]', 2, 'manual', 'admin', '2026-01-01 00:00:00', '2026-01-01 00:00:01', 'gone-replica', FALSE);
                INSERT INTO serving_batch_jobs ("Id", "Model", "Version", "SourceDataset", "SourceDatasetVersion", "SourceDescription", "OutputName", "Status", "Rows", "Progress", "Trigger", "RequestedBy", "CreatedAt", "StartedAt", "Instance", "CancelRequested")
                VALUES ('orphaned-job', 'species', 1, 'iris', 1, 'dataset iris v1', 'scores.csv', 'Running', 10, 0.1, 'api', 'admin', '2026-01-01 00:00:00', '2026-01-01 00:00:01', 'gone-replica', FALSE);
                """);
        }

        var run = await PipelineApi.WaitAsync(client, "orphaned-run", TimeSpan.FromSeconds(90));
        var job = await BatchApi.WaitAsync(client, "orphaned-job");

        Assert.Equal(PipelineRunStatus.Interrupted, run.Status);
        Assert.Contains("gone-replica", run.Error);
        Assert.Equal(BatchJobStatus.Interrupted, job.Status);
        Assert.Contains("gone-replica", job.Error);
        Assert.Contains("pipeline-run.interrupted", await client.GetStringAsync("/api/v1/audit?entityType=pipeline-run&entityId=orphaned-run"));
        Assert.Contains("batch-job.interrupted", await client.GetStringAsync("/api/v1/audit?entityType=batch-job&entityId=orphaned-job"));
    }
}
