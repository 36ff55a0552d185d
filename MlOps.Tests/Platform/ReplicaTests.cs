using System.Net;
using System.Net.Http.Json;
using MlOps.Modules.Platform.Contracts;
using MlOps.Tests.Support;
using MlOps.Tests.Support.Providers;

namespace MlOps.Tests.Platform;

/// <summary>Two hosts over one PostgreSQL database stand for two replicas behind a load balancer.</summary>
[OnPostgreSqlOnly]
public sealed class ReplicaTests
{
    [Fact]
    public async Task An_api_key_revoked_on_one_replica_is_refused_by_another_within_two_seconds()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "mlops-tests", Guid.NewGuid().ToString("N"));
        await using var replicaB = new MlOpsFactory { DataDirectory = dataDirectory };
        await using var replicaA = new MlOpsFactory { DataDirectory = dataDirectory, DeleteDataOnDispose = false };
        using var adminA = replicaA.CreateAdminClient();
        var created = await (await adminA.PostAsJsonAsync("/api/v1/admin/api-keys", new { name = "robot", role = Roles.Analyst }))
            .Content.ReadFromJsonAsync<CreatedApiKey>();
        using var robotOnB = MlOpsFactory.WithKey(replicaB.CreateClient(), created!.Key);
        Assert.Equal(HttpStatusCode.OK, (await robotOnB.GetAsync("/api/v1/experiments")).StatusCode);

        await adminA.DeleteAsync($"/api/v1/admin/api-keys/{created.Id}");
        var refused = await Poll.UntilAsync(() => robotOnB.GetAsync("/api/v1/experiments"), r => r.StatusCode == HttpStatusCode.Unauthorized,
            TimeSpan.FromSeconds(2), r => $"replica B still answers {(int)r.StatusCode} to the revoked key");

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }
}
