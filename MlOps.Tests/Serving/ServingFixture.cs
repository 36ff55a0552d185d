using System.Net.Http.Json;
using MlOps.Modules.Platform.Contracts;
using MlOps.Modules.Registry.Contracts;
using MlOps.Tests.Pipeline;
using MlOps.Tests.Support;

namespace MlOps.Tests.Serving;

/// <summary>One host with small real models trained through the API, shared by a test class: training is the slow part.</summary>
public sealed class ServingFixture : IAsyncLifetime
{
    public const string Species = "penguin-species";
    public const string Mileage = "car-mileage";
    public const string Sex = "penguin-sex";
    public const string Digits = "digits";
    public const string Swapped = "penguin-swap";

    private readonly bool _kestrel;
    private HttpClient _approver = null!;

    public ServingFixture()
        : this(kestrel: false)
    {
    }

    /// <summary>On a real loopback port when a browser is to reach the app.</summary>
    internal ServingFixture(bool kestrel) => _kestrel = kestrel;

    public MlOpsFactory Factory { get; } = new EverySecondSchedulesFactory();

    public HttpClient Admin { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (_kestrel)
        {
            Factory.UseKestrel(0);
            Factory.StartServer();
        }

        Admin = Factory.CreateAdminClient();
        _approver = await Factory.CreateClientWithRoleAsync(Roles.Admin);
        await PipelineApi.UploadAsync(Admin, "penguins", "penguins.csv");
        await PipelineApi.UploadAsync(Admin, "cars", "cars.csv");
        await PipelineApi.UploadAsync(Admin, "mnist", "mnist-50.zip");
        await TrainAsync(new
        {
            name = Species, dataset = "penguins", task = "MulticlassClassification", label = "Species", ignore = new[] { "Sex" },
            trainers = new[] { "LightGbm" }, search = new { strategy = "Random", maxTrials = 1 }, registerModel = Species,
        }, Species);
        await TrainAsync(new
        {
            name = Swapped, dataset = "penguins", task = "MulticlassClassification", label = "Species", ignore = new[] { "Sex" },
            trainers = new[] { "LightGbm" }, search = new { strategy = "Random", maxTrials = 1 }, registerModel = Swapped,
        }, Swapped);
        await TrainAsync(new
        {
            name = Mileage, dataset = "cars", task = "Regression", label = "Miles_per_Gallon", ignore = new[] { "Name" },
            trainers = new[] { "FastTree" }, search = new { strategy = "Random", maxTrials = 1 }, registerModel = Mileage,
        }, Mileage);
        await TrainAsync(new
        {
            name = Sex, dataset = "penguins", task = "BinaryClassification", label = "Sex", ignore = new[] { "Species" },
            trainers = new[] { "FastTree" }, search = new { strategy = "Random", maxTrials = 1 }, registerModel = Sex,
        }, Sex);
        await TrainAsync(new
        {
            name = Digits, dataset = "mnist", task = "ImageClassification", label = "Label",
            trainers = new[] { "Lbfgs" }, search = new { strategy = "Random", maxTrials = 1 }, validation = new { testFraction = 0.3 }, registerModel = Digits,
        }, Digits);
        foreach (var model in new[] { Species, Swapped, Mileage, Sex, Digits }) await PromoteAsync(model, 1);
    }

    /// <summary>Trains the pipeline again: the model gets its next version.</summary>
    public async Task<int> RetrainAsync(string pipeline)
    {
        var run = await PipelineApi.WaitAsync(Admin, (await PipelineApi.StartAsync(Admin, pipeline)).Id);
        Assert.True(run.Status == MlOps.Modules.Pipeline.Contracts.PipelineRunStatus.Succeeded, run.Error);
        return run.ModelVersion!.Version;
    }

    public async Task<string> RequestPromotionAsync(string model, int version)
    {
        var response = await Admin.PostAsJsonAsync($"/api/v1/models/{model}/promotions", new { version, reason = "Serving tests" });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await DatasetApi.ReadAsync<PromotionRequest>(response)).Id;
    }

    public async Task ApproveAsync(string promotionId)
    {
        var approved = await _approver.PostAsJsonAsync($"/api/v1/promotions/{promotionId}/approve", new { comment = "ok" });
        Assert.True(approved.IsSuccessStatusCode, await approved.Content.ReadAsStringAsync());
    }

    public async Task PromoteAsync(string model, int version) => await ApproveAsync(await RequestPromotionAsync(model, version));

    public async Task DisposeAsync()
    {
        Admin.Dispose();
        _approver.Dispose();
        await Factory.DisposeAsync();
    }

    private async Task TrainAsync(object definition, string pipeline)
    {
        var run = await PipelineApi.RunToEndAsync(Admin, definition, pipeline);
        Assert.True(run.Status == MlOps.Modules.Pipeline.Contracts.PipelineRunStatus.Succeeded, run.Error);
    }
}

/// <summary>A host whose schedules may fire every second: a batch test watches a schedule fire, which the default floor of 300 s would forbid.</summary>
public sealed class EverySecondSchedulesFactory : MlOpsFactory
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Scheduling:MinimumIntervalSeconds"] = "1" };
}
