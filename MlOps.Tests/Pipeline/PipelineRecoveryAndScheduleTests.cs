using System.Net.Http.Json;
using System.Data.Common;
using Microsoft.Extensions.DependencyInjection;
using MlOps.Modules.Pipeline.Contracts;
using MlOps.Modules.Pipeline.Schedules;
using MlOps.Tests.Support;
using MlOps.Tests.Support.Providers;

namespace MlOps.Tests.Pipeline;

public sealed class PipelineRecoveryAndScheduleTests
{
    private static object Iris(string name) => new { name, dataset = "iris", task = "MulticlassClassification", label = "species", trainers = new[] { "LightGbm" } };

    [Fact]
    public async Task Runs_left_running_by_a_crash_are_interrupted_on_the_next_start()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "mlops-tests", Guid.NewGuid().ToString("N"));
        await using (var before = new MlOpsFactory { DataDirectory = dataDirectory, DeleteDataOnDispose = false })
        {
            using var client = before.CreateAdminClient();
            await PipelineApi.UploadAsync(client, "iris", "iris.csv");
            await PipelineApi.CreateAsync(client, Iris("crashy"));
        }

        await using (var connection = await TestDatabase.Current.OpenAsync(dataDirectory))
        {
            await TestDatabase.ExecuteAsync(connection, """
                INSERT INTO pipeline_runs ("Id", "PipelineName", "DefinitionJson", "Status", "Progress", "Dataset", "TrialsJson", "PlannedTrials", "Trigger", "RequestedBy", "QueuedAt", "StartedAt")
                VALUES ('crashed-run', 'crashy', (SELECT "DefinitionJson" FROM pipeline_pipelines WHERE "Name" = 'crashy'), 'Running', 0.5, 'iris', '[]', 2, 'manual', 'admin', '2026-01-01 00:00:00', '2026-01-01 00:00:01')
                """);
        }

        await using var after = new MlOpsFactory { DataDirectory = dataDirectory };
        using var restarted = after.CreateAdminClient();
        var run = await restarted.GetFromJsonAsync<PipelineRunDetails>("/api/v1/pipeline-runs/crashed-run", DatasetApi.Json);

        Assert.Equal(PipelineRunStatus.Interrupted, run!.Status);
        Assert.Contains("server stopped", run.Error);
        Assert.Null(run.ModelVersion);
    }

    [Fact]
    public async Task The_database_holds_at_most_one_queued_or_running_run_per_pipeline()
    {
        await using var factory = new MlOpsFactory();
        using var client = factory.CreateAdminClient();
        await PipelineApi.UploadAsync(client, "iris", "iris.csv");
        await PipelineApi.CreateAsync(client, Iris("single"));
        await using var connection = await factory.OpenDatabaseAsync();

        Task InsertAsync(string id, string status) => TestDatabase.ExecuteAsync(connection, $"""
            INSERT INTO pipeline_runs ("Id", "PipelineName", "DefinitionJson", "Status", "Progress", "Dataset", "TrialsJson", "PlannedTrials", "Trigger", "RequestedBy", "QueuedAt")
            VALUES ('{id}', 'single', '{"{}"}', '{status}', 0, 'iris', '[]', 1, 'manual', 'admin', '2026-01-01 00:00:00')
            """);

        await InsertAsync("finished-1", "Succeeded");
        await InsertAsync("finished-2", "Failed");
        await InsertAsync("queued", "Queued");
        var second = await Assert.ThrowsAnyAsync<DbException>(() => InsertAsync("racing", "Running"));

        Assert.Contains("unique", second.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_schedule_fire_starts_a_run_refuses_an_overlap_and_skips_unchanged_data()
    {
        await using var factory = new MlOpsFactory();
        using var client = factory.CreateAdminClient();
        await PipelineApi.UploadAsync(client, "iris", "iris.csv");
        await PipelineApi.CreateAsync(client, Iris("scheduled"));

        var first = await FireAsync(factory, "scheduled");
        var overlapping = await FireAsync(factory, "scheduled");
        var runs = await client.GetFromJsonAsync<MlOps.Modules.Platform.Contracts.Paged<PipelineRunDetails>>("/api/v1/pipelines/scheduled/runs", DatasetApi.Json);
        var finished = await PipelineApi.WaitAsync(client, runs!.Items.Single().Id);
        var unchanged = await FireAsync(factory, "scheduled");

        Assert.Equal(ScheduledFire.Started, first);
        Assert.Equal(ScheduledFire.RefusedOverlap, overlapping);
        Assert.Equal(PipelineRunStatus.Succeeded, finished.Status);
        Assert.Equal("schedule", finished.Trigger);
        Assert.Equal(ScheduledFire.SkippedUnchangedData, unchanged);
        var audit = await client.GetStringAsync("/api/v1/audit?entityType=pipeline&entityId=scheduled");
        Assert.Contains("pipeline.schedule-refused", audit);
        Assert.Contains("pipeline.schedule-skipped", audit);
    }

    private static async Task<ScheduledFire> FireAsync(MlOpsFactory factory, string pipeline)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ScheduledRetraining>().FireAsync(pipeline, CancellationToken.None);
    }
}
