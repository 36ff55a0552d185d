using System.Globalization;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using MlOps.Modules.Monitoring.Contracts;
using MlOps.Modules.Pipeline.Contracts;
using MlOps.Modules.Platform.Contracts;
using MlOps.Modules.Registry.Contracts;
using MlOps.Tests.Pipeline;
using MlOps.Tests.Support;
using static MlOps.Tests.Monitoring.MonitoringApi;

namespace MlOps.Tests.Monitoring.Alerts;

/// <summary>
/// One host with four penguin models in production and their traffic already logged: calm inputs with many requests
/// refused for the caller's mistakes on version 1, and a version 2 (not in production) whose stored file was damaged,
/// so the model fails every request sent to it (<see cref="Calm"/>), three of five inputs shifted with a pipeline that retrains on drift (<see cref="Drifting"/>)
/// and without (<see cref="Unattended"/>), and a version registered by hand with no training data to compare with (<see cref="Orphan"/>).
/// </summary>
public sealed class AlertsFixture : IAsyncLifetime
{
    public const string Calm = "alerted-calm";
    public const string Drifting = "alerted-drifting";
    public const string Unattended = "alerted-unattended";
    public const string Orphan = "alerted-orphan";
    public const int IntervalMinutes = 7;
    public const int FailedRequests = 20;
    public static readonly string[] Shifted = ["Beak Length (mm)", "Flipper Length (mm)", "Body Mass (g)"];

    public MlOpsFactory Factory { get; } = new AlertsFactory();

    public HttpClient Admin { get; private set; } = null!;

    /// <summary>Just before the host started.</summary>
    public DateTimeOffset StartedAt { get; private set; }

    public async Task InitializeAsync()
    {
        StartedAt = DateTimeOffset.UtcNow;
        Admin = Factory.CreateAdminClient();
        await PipelineApi.UploadAsync(Admin, "penguins", "penguins.csv");
        foreach (var (model, retrainOnDrift) in new[] { (Calm, false), (Drifting, true), (Unattended, false) })
        {
            var run = await PipelineApi.RunToEndAsync(Admin, new
            {
                name = model, dataset = "penguins", task = "MulticlassClassification", label = "Species", ignore = new[] { "Sex" },
                trainers = new[] { "LightGbm" }, search = new { strategy = "Random", maxTrials = 1 }, registerModel = model, retrainOnDrift,
            }, model);
            Assert.True(run.Status == PipelineRunStatus.Succeeded, run.Error);
            await PromoteAsync(Factory, Admin, model, 1);
        }

        await RegisterCopyAsync(Orphan);
        await PromoteAsync(Factory, Admin, Orphan, 1);

        var reference = await PenguinTraffic.ReferenceAsync(Factory.Services);
        await PenguinTraffic.SendAsync(Admin, Calm, reference, "calm", seed: 11, requests: 2);
        for (var i = 0; i < FailedRequests; i++) Assert.Equal(HttpStatusCode.BadRequest, (await PredictAsync(Admin, Calm, $"refused-{i}", "", BadPenguin)).StatusCode);
        await RegisterCopyAsync(Calm);
        await DamageLatestModelFileAsync(Calm);
        for (var i = 0; i < FailedRequests; i++) Assert.Equal(HttpStatusCode.Conflict, (await PredictAsync(Admin, Calm, $"failing-{i}", "?version=2", Adelie)).StatusCode);

        await PenguinTraffic.SendAsync(Admin, Drifting, reference, "drifting", seed: 12, requests: 2, Shifted);
        await PenguinTraffic.SendAsync(Admin, Unattended, reference, "unattended", seed: 13, requests: 2, Shifted);
        await PenguinTraffic.SendAsync(Admin, Orphan, reference, "orphan", seed: 14, requests: 2);
        foreach (var model in new[] { Calm, Drifting, Unattended, Orphan })
            await WaitForAsync<MonitoringSummary>(Admin, $"/api/v1/monitoring/models/{model}/summary", s => s.Records == 2 * PenguinTraffic.RecordsPerRequest);
        await WaitForAsync<MonitoringSummary>(Admin, $"/api/v1/monitoring/models/{Calm}/summary", s => s.Errors == FailedRequests && s.Rejected == FailedRequests);
    }

    public async Task DisposeAsync()
    {
        Admin.Dispose();
        await Factory.DisposeAsync();
    }

    /// <summary>The calm model's bytes registered again with no dataset on record, as a model uploaded from elsewhere would be.</summary>
    private async Task RegisterCopyAsync(string model)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var registry = scope.ServiceProvider.GetRequiredService<IModelRegistry>();
        var calm = (await registry.LoadAsync(Calm, ModelSelector.ForVersion(1), default)).Value!;
        await using var artifact = calm.OpenRead();
        var registered = await registry.RegisterVersionAsync(
            new NewModelVersion(model, calm.Version.Task, InputSchema: calm.Version.InputSchema, Labels: calm.Version.Labels), artifact, "tests", default);
        Assert.True(registered.Succeeded, string.Join(" ", registered.Problems.Values.SelectMany(m => m)));
    }

    /// <summary>Overwrites the stored file of the model's latest version with bytes that are no model, as a damaged disk would.</summary>
    private async Task DamageLatestModelFileAsync(string model)
    {
        var store = Factory.Services.GetRequiredService<IArtifactStore>();
        var folder = ArtifactPath.Parse($"registry/models/{model}");
        var latest = (await store.ListAsync(folder, default)).Where(e => e.IsDirectory).Select(e => e.Path).Max(StringComparer.Ordinal)!;
        await store.WriteAsync(folder.Combine(ArtifactPath.Parse($"{latest}/model.zip")), (stream, token) => stream.WriteAsync("damaged"u8.ToArray(), token).AsTask(), default);
    }

    private sealed class AlertsFactory : MlOpsFactory
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Monitoring:Alerts:IntervalMinutes"] = IntervalMinutes.ToString(CultureInfo.InvariantCulture),
        };
    }
}
