using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using MlOps.Modules.Pipeline.Contracts;
using MlOps.Modules.Platform.Contracts;
using MlOps.Modules.Registry.Contracts;
using MlOps.Tests.Pipeline;

namespace MlOps.Tests.Support;

/// <summary>
/// The state a newcomer reaches in the README's first hour: the real app on a loopback port, the samples
/// imported and trained, and penguins-species version 1 in production, requested by the first Admin and
/// approved by a second one.
/// </summary>
public sealed class TrainedSamplesApp : IAsyncLifetime
{
    public const string SecondAdmin = "second-admin@mlops.test";

    private static readonly PipelineRunStatus[] Ended =
        [PipelineRunStatus.Succeeded, PipelineRunStatus.Failed, PipelineRunStatus.Cancelled, PipelineRunStatus.Interrupted];

    public ImportSamplesOnStartFactory App { get; } = new();

    public string BaseUrl { get; private set; } = "";

    public async Task InitializeAsync()
    {
        App.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        App.StartServer();
        BaseUrl = App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');

        var pipelines = App.Services.GetRequiredService<IPipelineService>();
        var runs = await Poll.UntilAsync(
            async () => (await pipelines.ListRunsAsync(null, new PageRequest(1, 50), CancellationToken.None)).Items,
            items => items.Count == 4 && items.All(r => Ended.Contains(r.Status)),
            TimeSpan.FromMinutes(15),
            items => $"Sample runs still training: {string.Join(", ", items.Select(r => $"{r.Pipeline} {r.Status} {r.Progress:P0}"))}",
            intervalMilliseconds: 500);
        Assert.All(runs, r => Assert.True(r.Status == PipelineRunStatus.Succeeded, $"{r.Pipeline}: {r.Status} {r.Error}"));

        var registry = App.Services.GetRequiredService<IModelRegistry>();
        var request = await registry.RequestPromotionAsync("penguins-species", 1, "The first penguins model", MlOpsFactory.AdminEmail, CancellationToken.None);
        Assert.True(request.Succeeded, string.Join(" ", request.Problems.Values.SelectMany(p => p)));
        var approval = await registry.ApproveAsync(request.Value!.Id, "Checked", SecondAdmin, CancellationToken.None);
        Assert.True(approval.Succeeded, approval.Problem);
    }

    public Task DisposeAsync() => App.DisposeAsync().AsTask();
}
