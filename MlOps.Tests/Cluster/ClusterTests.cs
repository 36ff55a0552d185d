using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using MlOps.Modules.Platform.Contracts;
using MlOps.Tests.Support;
using Xunit.Abstractions;

namespace MlOps.Tests.Cluster;

/// <summary>Two real MlOps processes on one PostgreSQL database and one S3 bucket: what one replica changes, the other serves.</summary>
[Collection(ReplicaCluster.Collection)]
public sealed class ClusterTests(ReplicaCluster cluster, ITestOutputHelper output) : IClassFixture<ReplicaCluster>
{
    private static readonly TimeSpan Push = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan RestartedPush = TimeSpan.FromSeconds(15);

    [ClusterFact]
    public async Task A_promotion_approved_through_replica_A_is_served_by_replica_B_under_load_within_two_seconds_without_a_failed_request()
    {
        using var requesterA = cluster.CreateAdminClient(cluster.A);
        using var approverA = await cluster.SignInSecondAdminAsync(cluster.A);
        using var clientB = cluster.CreateAdminClient(cluster.B);
        const string model = "iris-cluster";
        Assert.Equal(1, await IrisModel.UploadAsync(requesterA, model));
        Assert.Equal(2, await IrisModel.UploadAsync(requesterA, model));
        await IrisModel.PromoteAsync(requesterA, approverA, model, 1);

        await using var load = new PredictLoad(clientB, $"/api/v1/models/{model}/predict");
        await load.WaitServedAsync(1, Stopwatch.GetTimestamp(), () => cluster.B.RecentLog);
        await IrisModel.PromoteAsync(requesterA, approverA, model, 2);
        var approved = Stopwatch.GetTimestamp();
        var delay = await load.WaitServedAsync(2, approved, () => cluster.B.RecentLog);
        var later = await load.VersionsAfterServedAsync(2, approved);
        await load.StopAsync();
        output.WriteLine($"replica B served version 2 {delay.TotalMilliseconds:F0} ms after the approval; {load.Answered} answers, {load.Failures.Count} failed");

        Assert.True(delay <= Push, $"replica B served version 2 {delay.TotalMilliseconds:F0} ms after the approval on replica A");
        Assert.Empty(load.Failures);
        Assert.All(later, version => Assert.Equal(2, version));
    }

    [ClusterFact]
    public async Task A_replica_killed_and_started_again_serves_production_from_the_shared_store_and_hears_the_next_promotion()
    {
        using var requesterA = cluster.CreateAdminClient(cluster.A);
        using var approverA = await cluster.SignInSecondAdminAsync(cluster.A);
        const string model = "iris-restart";
        Assert.Equal(1, await IrisModel.UploadAsync(requesterA, model));
        Assert.Equal(2, await IrisModel.UploadAsync(requesterA, model));
        await IrisModel.PromoteAsync(requesterA, approverA, model, 1);

        await cluster.B.KillAsync();
        Assert.False(cluster.B.Running);
        Assert.True((await requesterA.PostAsJsonAsync($"/api/v1/models/{model}/predict", new { records = new[] { IrisModel.Record } })).IsSuccessStatusCode);
        await cluster.B.RestartAsync();

        using var clientB = cluster.CreateAdminClient(cluster.B);
        await using var load = new PredictLoad(clientB, $"/api/v1/models/{model}/predict");
        await load.WaitServedAsync(1, Stopwatch.GetTimestamp(), () => cluster.B.RecentLog);
        await IrisModel.PromoteAsync(requesterA, approverA, model, 2);
        var delay = await load.WaitServedAsync(2, Stopwatch.GetTimestamp(), () => cluster.B.RecentLog);
        await load.StopAsync();
        output.WriteLine($"the restarted replica B served version 2 {delay.TotalMilliseconds:F0} ms after the approval");

        // A restarted process loads the new version cold (its code not yet compiled), so this bound is looser than the
        // two seconds a running replica is held to; alias lookups are trusted for ten minutes, so only the push gets here.
        Assert.True(delay <= RestartedPush, $"the restarted replica B served version 2 {delay.TotalMilliseconds:F0} ms after the approval on replica A");
        Assert.Empty(load.Failures);
    }

    [ClusterFact]
    public async Task An_api_key_revoked_on_replica_A_is_refused_by_replica_B_within_two_seconds()
    {
        using var adminA = cluster.CreateAdminClient(cluster.A);
        var key = await MlOpsFactory.CreateKeyAsync(adminA, $"robot-{Guid.NewGuid():N}", Roles.Analyst);
        using var robotOnB = cluster.B.CreateClient(key.Key);
        Assert.Equal(HttpStatusCode.OK, (await robotOnB.GetAsync("/api/v1/experiments")).StatusCode);

        (await adminA.DeleteAsync($"/api/v1/admin/api-keys/{key.Id}")).EnsureSuccessStatusCode();
        var revoked = Stopwatch.StartNew();
        var refused = await Poll.UntilAsync(() => robotOnB.GetAsync("/api/v1/experiments"), r => r.StatusCode == HttpStatusCode.Unauthorized,
            TimeSpan.FromSeconds(30), r => $"replica B still answers {(int)r.StatusCode} to the revoked key", intervalMilliseconds: 20);

        output.WriteLine($"replica B refused the revoked key after {revoked.ElapsedMilliseconds} ms");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.True(revoked.Elapsed <= Push, $"replica B accepted the revoked key for {revoked.ElapsedMilliseconds} ms");
    }

    [ClusterFact]
    public async Task An_artifact_written_through_replica_A_is_read_through_replica_B_with_its_hash()
    {
        using var adminA = cluster.CreateAdminClient(cluster.A);
        using var adminB = cluster.CreateAdminClient(cluster.B);
        var experiment = await IdOfAsync(await adminA.PostAsJsonAsync("/api/v1/experiments", new { name = $"cluster-{Guid.NewGuid():N}" }));
        var run = await IdOfAsync(await adminA.PostAsJsonAsync($"/api/v1/experiments/{experiment}/runs", new { }));
        var content = RandomNumberGenerator.GetBytes(3 * 1024 * 1024 + 17);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(content));

        var written = await adminA.PutAsync($"/api/v1/runs/{run}/artifacts/weights/model.bin", new ByteArrayContent(content));
        Assert.Equal(HttpStatusCode.Created, written.StatusCode);

        var listing = await adminB.GetFromJsonAsync<JsonElement>($"/api/v1/runs/{run}/artifacts?path=weights");
        var entry = listing.EnumerateArray().Single(e => e.GetProperty("path").GetString() == "weights/model.bin");
        Assert.Equal(sha256, entry.GetProperty("sha256").GetString());
        var read = await adminB.GetByteArrayAsync($"/api/v1/runs/{run}/artifacts/weights/model.bin");
        Assert.Equal(sha256, Convert.ToHexStringLower(SHA256.HashData(read)));
    }

    private static async Task<string> IdOfAsync(HttpResponseMessage response)
    {
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id");
        return id.ValueKind == JsonValueKind.String ? id.GetString()! : id.GetRawText();
    }
}
