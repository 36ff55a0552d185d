using MlOps.Modules.Pipeline.Contracts;
using MlOps.Tests.Pipeline;
using MlOps.Tests.Support;

namespace MlOps.Tests.Monitoring;

/// <summary>One host with a small classifier (promoted to production) and a small regressor, trained through the API.</summary>
public sealed class MonitoringFixture : IAsyncLifetime
{
    public const string Species = "monitored-species";
    public const string Mileage = "monitored-mileage";

    public MlOpsFactory Factory { get; } = new();

    public HttpClient Admin { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Admin = Factory.CreateAdminClient();
        await PipelineApi.UploadAsync(Admin, "penguins", "penguins.csv");
        await PipelineApi.UploadAsync(Admin, "cars", "cars.csv");
        await TrainAsync(Species, new
        {
            name = Species, dataset = "penguins", task = "MulticlassClassification", label = "Species", ignore = new[] { "Sex" },
            trainers = new[] { "LightGbm" }, search = new { strategy = "Random", maxTrials = 1 }, registerModel = Species,
        });
        await TrainAsync(Mileage, new
        {
            name = Mileage, dataset = "cars", task = "Regression", label = "Miles_per_Gallon", ignore = new[] { "Name" },
            trainers = new[] { "FastTree" }, search = new { strategy = "Random", maxTrials = 1 }, registerModel = Mileage,
        });

        await MonitoringApi.PromoteAsync(Factory, Admin, Species, 1);
    }

    public async Task DisposeAsync()
    {
        Admin.Dispose();
        await Factory.DisposeAsync();
    }

    private async Task TrainAsync(string pipeline, object definition)
    {
        var run = await PipelineApi.RunToEndAsync(Admin, definition, pipeline);
        Assert.True(run.Status == PipelineRunStatus.Succeeded, run.Error);
    }
}
