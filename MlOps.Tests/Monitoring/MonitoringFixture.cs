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
        await TrainedModels.TrainAsync(Admin, Species, TrainedModels.SpeciesPipeline(Species, "penguins"));
        await TrainedModels.TrainAsync(Admin, Mileage, new
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
}
