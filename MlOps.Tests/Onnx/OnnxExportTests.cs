using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.ML.OnnxRuntime;
using MlOps.Modules.Pipeline.Contracts;
using MlOps.Modules.Registry.Contracts;
using MlOps.Modules.Serving.Contracts;
using MlOps.Tests.Pipeline;
using MlOps.Tests.Support;

namespace MlOps.Tests.Onnx;

/// <summary>Sample pipelines trained through the API, each version's ONNX export downloaded and run in ONNX Runtime.</summary>
public sealed class OnnxExportFixture : IAsyncLifetime
{
    public const string Species = "export-species";
    public const string Mileage = "export-mileage";
    public const string Dated = "export-dated";

    public MlOpsFactory Factory { get; } = new();

    public HttpClient Admin { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Admin = Factory.CreateAdminClient();
        await PipelineApi.UploadAsync(Admin, "penguins", "penguins.csv");
        await PipelineApi.UploadAsync(Admin, "cars", "cars.csv");
        await TrainAsync(new { name = Species, dataset = "penguins", task = "MulticlassClassification", label = "Species", trainers = new[] { "Sdca" }, registerModel = Species });
        await TrainAsync(new { name = Mileage, dataset = "cars", task = "Regression", label = "Miles_per_Gallon", ignore = new[] { "Name", "Year" }, trainers = new[] { "Sdca" }, registerModel = Mileage });
        await TrainAsync(new { name = Dated, dataset = "cars", task = "Regression", label = "Miles_per_Gallon", ignore = new[] { "Name" }, trainers = new[] { "Sdca" }, registerModel = Dated });
    }

    public async Task DisposeAsync()
    {
        Admin.Dispose();
        await Factory.DisposeAsync();
    }

    private async Task TrainAsync(object definition)
    {
        var pipeline = (string)definition.GetType().GetProperty("name")!.GetValue(definition)!;
        var run = await PipelineApi.RunToEndAsync(Admin, definition, pipeline);
        Assert.True(run.Status == PipelineRunStatus.Succeeded, run.Error);
    }
}

public sealed class OnnxExportTests(OnnxExportFixture fixture) : IClassFixture<OnnxExportFixture>
{
    private const double Tolerance = 1e-4;
    private HttpClient Admin => fixture.Admin;

    [Theory]
    [InlineData(OnnxExportFixture.Species, "penguins.csv")]
    [InlineData(OnnxExportFixture.Mileage, "cars.csv")]
    public async Task The_onnx_export_of_a_sample_pipeline_answers_as_the_served_model(string model, string sample)
    {
        var version = (await Admin.GetFromJsonAsync<ModelVersionDetails>($"/api/v1/models/{model}/versions/1", DatasetApi.Json))!;
        Assert.Equal(ModelFormat.MlNet, version.Format);
        Assert.True(version.OnnxExportAvailable);
        var csv = Encoding.UTF8.GetString(DatasetApi.TestFile(sample)).Split('\n', StringSplitOptions.RemoveEmptyEntries).Take(41).ToArray();
        var header = csv[0].TrimEnd('\r').Split(',');
        var served = await Admin.PostAsync($"/api/v1/models/{model}/predict?version=1", new StringContent(string.Join('\n', csv), Encoding.UTF8, "text/csv"));
        Assert.True(served.IsSuccessStatusCode, await served.Content.ReadAsStringAsync());
        var predictions = (await served.Content.ReadFromJsonAsync<PredictionResponse>(DatasetApi.Json))!.Predictions;

        var export = await Admin.GetAsync($"/api/v1/models/{model}/versions/1/onnx");

        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        using var session = new InferenceSession(await export.Content.ReadAsByteArrayAsync());
        for (var r = 1; r < csv.Length; r++)
        {
            var fields = csv[r].TrimEnd('\r').Split(',');
            var inputs = session.InputMetadata.Select(i => Value(i.Value, fields[Array.IndexOf(header, i.Key)])).ToList();
            using var outputs = session.Run(new RunOptions(), [.. session.InputMetadata.Keys], inputs, ["Score.output"]);
            var scores = outputs[0].GetTensorDataAsSpan<float>().ToArray();
            var prediction = predictions[r - 1];
            if (version.Task == "Regression") Assert.Equal(prediction.Value!.Value, scores[0], Tolerance);
            else for (var c = 0; c < version.Labels!.Count; c++) Assert.Equal(prediction.Probabilities![version.Labels[c]], scores[c], Tolerance);
            inputs.ForEach(i => i.Dispose());
        }
    }

    [Fact]
    public async Task A_version_whose_transforms_cannot_be_exported_says_why_with_a_404()
    {
        var version = (await Admin.GetFromJsonAsync<ModelVersionDetails>($"/api/v1/models/{OnnxExportFixture.Dated}/versions/1", DatasetApi.Json))!;

        var export = await Admin.GetAsync($"/api/v1/models/{OnnxExportFixture.Dated}/versions/1/onnx");

        Assert.False(version.OnnxExportAvailable);
        Assert.Equal(HttpStatusCode.NotFound, export.StatusCode);
        Assert.Contains("cannot be exported to ONNX", (await DatasetApi.ReadProblemAsync(export)).Detail);
    }

    [Fact]
    public async Task An_uploaded_onnx_model_downloads_as_it_was_uploaded()
    {
        var bytes = OnnxFixture.Fixture("iris-mlp.onnx");
        var uploaded = await OnnxFixture.UploadAsync(Admin, "export-iris", bytes, "iris-mlp.onnx", File.ReadAllText(OnnxFixture.FixturePath("iris-mlp.signature.json")));
        Assert.True(uploaded.IsSuccessStatusCode, await uploaded.Content.ReadAsStringAsync());

        Assert.Equal(bytes, await Admin.GetByteArrayAsync("/api/v1/models/export-iris/versions/1/onnx"));
    }

    private static OrtValue Value(NodeMetadata input, string field)
    {
        if (input.ElementDataType == Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.String)
        {
            var text = OrtValue.CreateTensorWithEmptyStrings(OrtAllocator.DefaultInstance, [1, 1]);
            text.StringTensorSetElementAt(field.AsSpan(), 0);
            return text;
        }

        var number = float.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? parsed : float.NaN;
        return OrtValue.CreateTensorValueFromMemory(new[] { number }, [1, 1]);
    }
}
