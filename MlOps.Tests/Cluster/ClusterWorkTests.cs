using System.Net;
using System.Net.Http.Json;
using MlOps.Modules.Pipeline.Contracts;
using MlOps.Modules.Platform.Contracts;
using MlOps.Tests.Pipeline;
using MlOps.Tests.Support;
using Xunit.Abstractions;

namespace MlOps.Tests.Cluster;

/// <summary>Work that belongs to the cluster, not to a replica, on two real MlOps processes: a cron fire runs once, a dead replica's run is interrupted.</summary>
[Collection(ReplicaCluster.Collection)]
public sealed class ClusterWorkTests(ReplicaCluster cluster, ITestOutputHelper output) : IClassFixture<ReplicaCluster>
{
    /// <summary>What each fire of a pipeline's schedule leaves in the audit log, under the schedule's own actor: exactly one of these.</summary>
    private static readonly string[] FireActions = ["pipeline-run.queued", "pipeline.schedule-skipped", "pipeline.schedule-refused"];

    [ClusterFact]
    public async Task A_cron_schedule_fires_once_across_both_replicas()
    {
        using var admin = cluster.CreateAdminClient(cluster.A);
        const string pipeline = "cron-once";
        await PipelineApi.UploadAsync(admin, "cron-iris", "iris.csv");
        var created = await PipelineApi.CreateAsync(admin, new
        {
            name = pipeline, dataset = "cron-iris", task = "MulticlassClassification", label = "species", trainers = new[] { "Lbfgs" },
            search = new { strategy = "Random", maxTrials = 1 }, registerModel = pipeline,
            schedule = new { cron = $"0/{ReplicaCluster.CronSeconds} * * * * ?", enabled = true },
        });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());

        var fires = await Poll.UntilAsync(() => FiresAsync(admin, pipeline), f => f.Count >= 4, TimeSpan.FromMinutes(2),
            f => $"{f.Count} fires seen in two minutes", intervalMilliseconds: 500);
        (await admin.PutAsJsonAsync($"/api/v1/pipelines/{pipeline}/schedule", new { cron = $"0/{ReplicaCluster.CronSeconds} * * * * ?", enabled = false })).EnsureSuccessStatusCode();
        fires = await FiresAsync(admin, pipeline);
        output.WriteLine(string.Join(Environment.NewLine, fires.Select(f => $"{f.At:HH:mm:ss.fff} {f.Action}")));

        // Fires are CronSeconds apart; a fire run by both replicas would leave two entries well under a second apart.
        var gaps = fires.Zip(fires.Skip(1), (earlier, later) => later.At - earlier.At).ToList();
        Assert.All(gaps, gap => Assert.True(gap >= TimeSpan.FromSeconds(ReplicaCluster.CronSeconds / 2.0), $"two fires {gap.TotalMilliseconds:F0} ms apart"));
    }

    [ClusterFact]
    public async Task Killing_the_replica_that_trains_leaves_its_run_interrupted_for_the_other_and_a_new_run_starts()
    {
        using var adminA = cluster.CreateAdminClient(cluster.A);
        const string pipeline = "killed-training";
        await PipelineApi.UploadAsync(adminA, "killed-penguins", "penguins.csv");
        var created = await PipelineApi.CreateAsync(adminA, new
        {
            name = pipeline, dataset = "killed-penguins", task = "MulticlassClassification", label = "Species", ignore = new[] { "Sex" },
            trainers = new[] { "LightGbm", "FastTree", "Lbfgs" }, search = new { strategy = "Random", maxTrials = 40 }, registerModel = pipeline,
        });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());

        var running = await PipelineApi.WaitForAsync(adminA, (await PipelineApi.StartAsync(adminA, pipeline)).Id, r => r.Status == PipelineRunStatus.Running);
        var (training, other) = running.Instance == cluster.A.Instance ? (cluster.A, cluster.B) : (cluster.B, cluster.A);
        Assert.Equal(training.Instance, running.Instance);
        try
        {
            await training.KillAsync();
            using var survivor = cluster.CreateAdminClient(other);

            var interrupted = await PipelineApi.WaitForAsync(survivor, running.Id, r => r.Status != PipelineRunStatus.Running, TimeSpan.FromSeconds(60));
            Assert.Equal(PipelineRunStatus.Interrupted, interrupted.Status);
            var again = await PipelineApi.WaitForAsync(survivor, (await PipelineApi.StartAsync(survivor, pipeline)).Id, r => r.Status != PipelineRunStatus.Queued);
            Assert.Equal(other.Instance, again.Instance);
            Assert.Contains(again.Status, new[] { PipelineRunStatus.Running, PipelineRunStatus.Succeeded });
            await survivor.PostAsync($"/api/v1/pipeline-runs/{again.Id}/cancel", null);
        }
        finally
        {
            await training.RestartAsync();
        }
    }

    private static async Task<List<AuditEntry>> FiresAsync(HttpClient admin, string pipeline)
    {
        var page = await admin.GetFromJsonAsync<Paged<AuditEntry>>($"/api/v1/audit?actor=schedule:{pipeline}&pageSize=200", DatasetApi.Json);
        return [.. page!.Items.Where(e => FireActions.Contains(e.Action)).OrderBy(e => e.At)];
    }
}
