using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using MlOps.Tests.Support;

namespace MlOps.Tests.Platform;

/// <summary>Two hosts over one database stand for two replicas behind a load balancer.</summary>
public sealed class SharedDatabaseTests
{
    [Fact]
    public async Task A_sign_in_cookie_issued_by_one_replica_is_honoured_by_another_on_the_same_database()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "mlops-tests", Guid.NewGuid().ToString("N"));
        await using var replicaB = new MlOpsFactory { DataDirectory = dataDirectory };
        await using var replicaA = new MlOpsFactory { DataDirectory = dataDirectory, DeleteDataOnDispose = false };
        using var browserA = replicaA.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var signedIn = await LoginForm.PostAsync(browserA, MlOpsFactory.AdminEmail, MlOpsFactory.AdminPassword);
        var cookie = signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("mlops.auth=", StringComparison.Ordinal)).Split(';')[0];

        using var browserB = replicaB.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/experiments");
        request.Headers.Add("Cookie", cookie);
        var response = await browserB.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
