using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using MlOps.Modules.Pipeline.Contracts;
using MlOps.Modules.Serving.Batch.Schedules;
using MlOps.Modules.Serving.Contracts;
using MlOps.Tests.Pipeline;
using MlOps.Tests.Support;
using MlOps.Tests.Support.Providers;

namespace MlOps.Tests.Serving;

public sealed class BatchRecoveryTests
{
    [Fact]
    public async Task After_a_restart_running_jobs_are_interrupted_without_leftovers_queued_jobs_run_and_schedules_are_restored()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "mlops-tests", Guid.NewGuid().ToString("N"));
        await using (var before = new MlOpsFactory { DataDirectory = dataDirectory, DeleteDataOnDispose = false })
        {
            using var client = before.CreateAdminClient();
            await PipelineApi.UploadAsync(client, "penguins", "penguins.csv");
            var trained = await PipelineApi.RunToEndAsync(client, new
            {
                name = "species", dataset = "penguins", task = "MulticlassClassification", label = "Species", ignore = new[] { "Sex" },
                trainers = new[] { "LightGbm" }, search = new { strategy = "Random", maxTrials = 1 }, registerModel = "species",
            }, "species");
            Assert.Equal(PipelineRunStatus.Succeeded, trained.Status);
            var declared = await client.PostAsJsonAsync("/api/v1/batch-definitions",
                new { name = "species-nightly", model = "species", version = 1, source = new { dataset = "penguins" }, schedule = "0 0 2 * * ?" });
            Assert.True(declared.IsSuccessStatusCode, await declared.Content.ReadAsStringAsync());
        }

        await InsertJobAsync(dataDirectory, "was-running", "Running");
        await InsertJobAsync(dataDirectory, "was-queued", "Queued");
        var unfinished = Path.Combine(dataDirectory, "artifacts", ".tmp", "scores-of-was-running.part");
        Directory.CreateDirectory(Path.GetDirectoryName(unfinished)!);
        await File.WriteAllTextAsync(unfinished, "Species,Island\nAdelie,Dream,Ade");

        await using var after = new MlOpsFactory { DataDirectory = dataDirectory };
        using var restarted = after.CreateAdminClient();
        var interrupted = await BatchApi.WaitAsync(restarted, "was-running");
        var queued = await BatchApi.WaitAsync(restarted, "was-queued");

        Assert.Equal(BatchJobStatus.Interrupted, interrupted.Status);
        Assert.Contains("server stopped", interrupted.Error);
        Assert.NotNull(interrupted.FinishedAt);
        Assert.Equal(BatchJobStatus.Succeeded, queued.Status);
        Assert.Equal(344, queued.Rows);
        Assert.Equal(345, (await restarted.GetStringAsync("/api/v1/batch-jobs/was-queued/output")).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Contains("batch-job.interrupted", await restarted.GetStringAsync("/api/v1/audit?entityType=batch-job&entityId=was-running"));
        Assert.False(File.Exists(unfinished), "The interrupted job's half-written scores are still there.");
        var scheduler = await after.Services.GetRequiredService<Quartz.ISchedulerFactory>().GetScheduler();
        Assert.NotNull(await scheduler.GetTrigger(new Quartz.TriggerKey("species-nightly", BatchScheduler.Group)));
    }

    /// <summary>A job as a host that stopped in the middle left it.</summary>
    private static async Task InsertJobAsync(string dataDirectory, string id, string status)
    {
        await using var connection = await TestDatabase.Current.OpenAsync(dataDirectory);
        var startedAt = status == "Running" ? "'2026-01-01 00:00:01'" : "NULL";
        await TestDatabase.ExecuteAsync(connection, $"""
            INSERT INTO serving_batch_jobs ("Id", "Model", "Alias", "Version", "SourceDataset", "SourceDatasetVersion", "SourceDescription", "OutputName", "Status",
                                            "Rows", "TotalRows", "Progress", "Trigger", "RequestedBy", "CreatedAt", "StartedAt")
            VALUES ('{id}', 'species', NULL, 1, 'penguins', 1, 'dataset penguins v1', 'scores.csv', '{status}', 100, 344, 0.3, 'api', 'admin', '2026-01-01 00:00:00', {startedAt})
            """);
    }
}
