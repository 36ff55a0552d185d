using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using MlOps.Modules.Platform.Contracts;
using MlOps.Tests.Cluster;
using MlOps.Tests.Support;
using MlOps.Tests.Support.Providers;

namespace MlOps.Tests.Serving;

/// <summary>
/// Two hosts over one PostgreSQL database stand for two replicas. Their alias look-ups are trusted for ten minutes, so
/// only the replica signal can make replica B serve what replica A moved.
/// </summary>
[OnPostgreSqlOnly]
public sealed class ReplicaServingTests : IAsyncLifetime
{
    private const string Model = "iris-replicas";
    private static readonly TimeSpan Push = TimeSpan.FromSeconds(2);

    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "mlops-tests", Guid.NewGuid().ToString("N"));
    private ReplicaFactory _replicaA = null!;
    private ReplicaFactory _replicaB = null!;
    private HttpClient _adminA = null!;
    private HttpClient _approverA = null!;
    private HttpClient _adminB = null!;

    public async Task InitializeAsync()
    {
        _replicaB = new ReplicaFactory { DataDirectory = _dataDirectory };
        _replicaA = new ReplicaFactory { DataDirectory = _dataDirectory, DeleteDataOnDispose = false };
        _adminA = _replicaA.CreateAdminClient();
        _approverA = await _replicaA.CreateClientWithRoleAsync(Roles.Admin);
        _adminB = _replicaB.CreateAdminClient();
        Assert.Equal(1, await IrisModel.UploadAsync(_adminA, Model));
        Assert.Equal(2, await IrisModel.UploadAsync(_adminA, Model));
    }

    [Fact]
    public async Task A_promotion_approved_on_one_replica_is_served_by_another_under_load_within_two_seconds_without_a_failed_request()
    {
        await IrisModel.PromoteAsync(_adminA, _approverA, Model, 1);
        await using var load = new PredictLoad(_adminB, $"/api/v1/models/{Model}/predict");
        await load.WaitServedAsync(1, Stopwatch.GetTimestamp());

        await IrisModel.PromoteAsync(_adminA, _approverA, Model, 2);
        var approved = Stopwatch.GetTimestamp();
        var delay = await load.WaitServedAsync(2, approved);
        var later = await load.VersionsAfterServedAsync(2, approved);
        await load.StopAsync();

        Assert.True(delay <= Push, $"replica B served version 2 {delay.TotalMilliseconds:F0} ms after the approval");
        Assert.Empty(load.Failures);
        Assert.All(later, version => Assert.Equal(2, version));
    }

    [Fact]
    public async Task A_non_production_alias_moved_or_removed_through_the_mlflow_api_on_one_replica_is_seen_by_another_within_two_seconds()
    {
        await SetStagingAsync(1);
        await using var load = new PredictLoad(_adminB, $"/api/v1/models/{Model}/predict?alias=staging", clients: 2);
        await load.WaitServedAsync(1, Stopwatch.GetTimestamp());

        await SetStagingAsync(2);
        var delay = await load.WaitServedAsync(2, Stopwatch.GetTimestamp());
        await load.StopAsync();
        Assert.True(delay <= Push, $"replica B served staging's version 2 {delay.TotalMilliseconds:F0} ms after the move");
        Assert.Empty(load.Failures);

        var removal = new HttpRequestMessage(HttpMethod.Delete, "/api/2.0/mlflow/registered-models/alias") { Content = JsonContent.Create(new { name = Model, alias = "staging" }) };
        removal.Headers.Authorization = new("Bearer", MlOpsFactory.BootstrapKey);
        (await _adminA.SendAsync(removal)).EnsureSuccessStatusCode();
        var removed = Stopwatch.StartNew();
        var gone = await Poll.UntilAsync(() => _adminB.PostAsJsonAsync($"/api/v1/models/{Model}/predict?alias=staging", new { records = new[] { IrisModel.Record } }),
            r => r.StatusCode == HttpStatusCode.NotFound, TimeSpan.FromSeconds(30), r => $"replica B still answers {(int)r.StatusCode} for the removed alias", intervalMilliseconds: 20);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.True(removed.Elapsed <= Push, $"replica B served the removed alias for {removed.ElapsedMilliseconds} ms");
    }

    private async Task SetStagingAsync(int version) =>
        (await _adminA.PutAsJsonAsync($"/api/v1/models/{Model}/aliases/staging", new { version })).EnsureSuccessStatusCode();

    public async Task DisposeAsync()
    {
        _adminA.Dispose();
        _approverA.Dispose();
        _adminB.Dispose();
        await _replicaA.DisposeAsync();
        await _replicaB.DisposeAsync();
    }

    public sealed class ReplicaFactory : MlOpsFactory
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Serving:AliasRefreshSeconds"] = "600" };
    }
}
