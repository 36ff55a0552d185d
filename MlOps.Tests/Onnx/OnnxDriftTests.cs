using System.Net;
using System.Net.Http.Json;
using MlOps.Modules.Monitoring.Contracts;
using MlOps.Modules.Registry.Contracts;
using MlOps.Tests.Monitoring;
using MlOps.Tests.Pipeline;
using MlOps.Tests.Support;

namespace MlOps.Tests.Onnx;

/// <summary>Drift of an uploaded ONNX version: against the reference dataset named at upload, or a 400 saying what to send.</summary>
public sealed class OnnxDriftTests(MlOpsFactory factory) : IClassFixture<MlOpsFactory>
{
    private static string Signature => File.ReadAllText(OnnxFixture.FixturePath("iris-mlp.signature.json"));

    [Fact]
    public async Task An_onnx_version_uploaded_with_a_reference_dataset_reports_drift_of_its_columns()
    {
        using var admin = factory.CreateAdminClient();
        await PipelineApi.UploadAsync(admin, "iris-reference", "iris.csv");
        var uploaded = await OnnxFixture.UploadAsync(admin, "iris-drift", OnnxFixture.Fixture("iris-mlp.onnx"), "iris-mlp.onnx", Signature, referenceDataset: "iris-reference:1");
        var version = await DatasetApi.ReadAsync<ModelVersionDetails>(uploaded);
        var rows = Enumerable.Range(0, 40).Select(i => new { sepal_length = 7.0 + i % 5 * 0.1, sepal_width = 3.0, petal_length = 6.0, petal_width = 2.2 }).ToArray();
        var predicted = await admin.PostAsJsonAsync($"/api/v1/models/iris-drift/predict?version={version.Version}", new { records = rows });
        Assert.True(predicted.IsSuccessStatusCode, await predicted.Content.ReadAsStringAsync());

        var report = await MonitoringApi.WaitForAsync<DriftReport>(admin, $"/api/v1/monitoring/models/iris-drift/drift?version={version.Version}", r => r.Current.Rows == 40);

        Assert.Equal(new DatasetReference("iris-reference", 1, version.Dataset!.ContentHash), version.Dataset);
        Assert.Equal(("iris-reference", 1, 150), (report.Reference.Dataset, report.Reference.Version, report.Reference.Rows));
        Assert.Equal(OnnxFixture.IrisColumns.Order(), report.Features.Select(f => f.Name).Order());
        // Every row sits in the large-flower corner the reference holds a third of, with one sepal width: petal length drifts.
        Assert.True(report.Features.Single(f => f.Name == "petal_length").Drifted);
    }

    [Fact]
    public async Task Without_a_reference_dataset_drift_is_400_saying_what_to_send()
    {
        using var admin = factory.CreateAdminClient();
        var version = await DatasetApi.ReadAsync<ModelVersionDetails>(await OnnxFixture.UploadAsync(admin, "iris-unreferenced", OnnxFixture.Fixture("iris-mlp.onnx"), "iris-mlp.onnx", Signature));

        var response = await admin.GetAsync($"/api/v1/monitoring/models/iris-unreferenced/drift?version={version.Version}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var detail = (await DatasetApi.ReadProblemAsync(response)).Detail;
        Assert.Contains("uploaded as ONNX without a reference dataset", detail);
        Assert.Contains("referenceDataset=<name>[:<version>]", detail);
    }

    [Theory]
    [InlineData("no-such-dataset", "There is no dataset 'no-such-dataset'")]
    [InlineData("iris-wrong:x", "referenceDataset is a dataset name, or name:version")]
    [InlineData("penguins-reference", "lacks the signature's column(s) 'sepal_length'")]
    public async Task A_reference_dataset_that_does_not_fit_is_400_naming_the_field_and_registers_nothing(string reference, string message)
    {
        using var admin = factory.CreateAdminClient();
        if (reference == "penguins-reference") await PipelineApi.UploadAsync(admin, "penguins-reference", "penguins.csv");
        var name = $"iris-bad-{Guid.NewGuid():N}"[..24];

        var response = await OnnxFixture.UploadAsync(admin, name, OnnxFixture.Fixture("iris-mlp.onnx"), "iris-mlp.onnx", Signature, reference);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        Assert.Contains(message, problem.GetProperty("detail").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty("referenceDataset", out _));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/v1/models/{name}")).StatusCode);
    }
}
