using System.Net;
using System.Net.Http.Json;
using MlOps.Modules.Pipeline.Contracts;
using MlOps.Modules.Platform.Contracts;
using MlOps.Tests.Support;

namespace MlOps.Tests.Pipeline;

/// <summary>The real app started with <c>MlOps:Samples:ImportOnStart=true</c>.</summary>
public sealed class ImportSamplesOnStartFactory : MlOpsFactory
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["MlOps:Samples:ImportOnStart"] = "true" };
}

public sealed class SampleDatasetTests(ImportSamplesOnStartFactory factory) : IClassFixture<ImportSamplesOnStartFactory>
{
    private static readonly string[] SampleNames = ["cars", "iris", "mnist-digits", "mnist-digits-test", "penguins"];

    [Fact]
    public async Task Samples_are_imported_at_start_when_configured()
    {
        using var admin = factory.CreateAdminClient();

        var datasets = await admin.GetFromJsonAsync<Paged<DatasetSummary>>("/api/v1/datasets", DatasetApi.Json);

        Assert.Equal(SampleNames, datasets!.Items.Select(d => d.Name));
        Assert.All(datasets.Items, d => Assert.Equal(1, d.LatestVersion));
        var digits = await admin.GetFromJsonAsync<DatasetVersionInfo>("/api/v1/datasets/mnist-digits/versions/1", DatasetApi.Json);
        Assert.Equal((DatasetKind.Image, 3000, 10), (digits!.Kind, digits.RowCount, digits.Classes!.Count));
    }

    [Fact]
    public async Task Importing_samples_again_changes_nothing()
    {
        using var admin = factory.CreateAdminClient();

        var response = await admin.PostAsync("/api/v1/datasets/samples", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var imported = await DatasetApi.ReadAsync<DatasetVersionInfo[]>(response);
        Assert.Equal(SampleNames.Order(), imported.Select(v => v.Name).Order());
        Assert.All(imported, v => Assert.Equal(1, v.Version));
        var datasets = await admin.GetFromJsonAsync<Paged<DatasetSummary>>("/api/v1/datasets", DatasetApi.Json);
        Assert.All(datasets!.Items, d => Assert.Equal(1, d.VersionCount));
    }

    [Fact]
    public async Task Importing_samples_defines_a_pipeline_per_sample_and_runs_each_once_to_a_registered_model()
    {
        using var admin = factory.CreateAdminClient();

        var again = await admin.PostAsync("/api/v1/datasets/samples", null);

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var pipelines = await admin.GetFromJsonAsync<Paged<PipelineSummary>>("/api/v1/pipelines", DatasetApi.Json);
        Assert.Equal(["cars-mpg", "iris-species", "mnist-digits", "penguins-species"], pipelines!.Items.Select(p => p.Name));
        foreach (var pipeline in pipelines.Items)
        {
            var runs = await admin.GetFromJsonAsync<Paged<PipelineRunDetails>>($"/api/v1/pipelines/{pipeline.Name}/runs", DatasetApi.Json);
            Assert.Equal(("samples", 1), (runs!.Items.Single().Trigger, runs.Total));
        }

        var iris = (await admin.GetFromJsonAsync<Paged<PipelineRunDetails>>("/api/v1/pipelines/iris-species/runs", DatasetApi.Json))!.Items.Single();
        var finished = await PipelineApi.WaitAsync(admin, iris.Id, TimeSpan.FromSeconds(90));
        Assert.True(finished.Status == PipelineRunStatus.Succeeded, finished.Error);
        Assert.Equal(new ModelVersionReference("iris-species", 1), finished.ModelVersion);
    }

    [Fact]
    public async Task An_analyst_cannot_import_samples()
    {
        using var analyst = await factory.CreateClientWithRoleAsync(Roles.Analyst);

        var response = await analyst.PostAsync("/api/v1/datasets/samples", null);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
