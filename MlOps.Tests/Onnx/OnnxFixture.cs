using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlOps.Modules.Platform.Contracts;
using MlOps.Modules.Registry.Contracts;
using MlOps.Tests.Pipeline;
using MlOps.Tests.Registry;
using MlOps.Tests.Support;

namespace MlOps.Tests.Onnx;

/// <summary>
/// One host serving the PyTorch-exported iris MLP and MNIST CNN, uploaded and promoted through four eyes over HTTP,
/// and an ML.NET iris model beside them.
/// </summary>
public sealed class OnnxFixture : IAsyncLifetime
{
    public const string Iris = "iris-mlp";
    public const string Digits = "mnist-cnn";
    public const string MlNetIris = "iris-mlnet";

    private readonly bool _kestrel;
    private HttpClient _approver = null!;

    public OnnxFixture()
        : this(kestrel: false)
    {
    }

    internal OnnxFixture(bool kestrel) => _kestrel = kestrel;

    public MlOpsFactory Factory { get; } = new();

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
        foreach (var model in new[] { Iris, Digits })
        {
            var response = await UploadAsync(Admin, model, Fixture($"{model}.onnx"), $"{model}.onnx", File.ReadAllText(FixturePath($"{model}.signature.json")));
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
            await PromoteAsync(model, 1);
        }

        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            var registered = await scope.ServiceProvider.GetRequiredService<IModelRegistry>().RegisterVersionAsync(
                new NewModelVersion(MlNetIris, "MulticlassClassification", InputSchema: IrisColumns.Select(c => new SchemaColumn(c, "Numeric")).ToList(), Labels: IrisModel.Labels),
                new MemoryStream(TrainMlNetIris()), "ds@mlops.test", CancellationToken.None);
            Assert.True(registered.Succeeded);
        }

        await PromoteAsync(MlNetIris, 1);
    }

    public static IReadOnlyList<string> IrisColumns { get; } = ["sepal_length", "sepal_width", "petal_length", "petal_width"];

    public static string FixturePath(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", "onnx", name);

    public static byte[] Fixture(string name) => File.ReadAllBytes(FixturePath(name));

    public static T Expected<T>(string model) => JsonSerializer.Deserialize<T>(File.ReadAllText(FixturePath($"{model}.expected.json")), DatasetApi.Json)!;

    public static Task<HttpResponseMessage> UploadAsync(HttpClient client, string model, byte[] content, string fileName, string? signature = null, string? referenceDataset = null)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", fileName);
        if (signature is not null) form.Add(new StringContent(signature), "signature");
        form.Add(new StringContent("Exported from PyTorch"), "description");
        if (referenceDataset is not null) form.Add(new StringContent(referenceDataset), "referenceDataset");
        return client.PostAsync($"/api/v1/models/{model}/versions", form);
    }

    public async Task PromoteAsync(string model, int version)
    {
        var requested = await Admin.PostAsJsonAsync($"/api/v1/models/{model}/promotions", new { version, reason = "ONNX tests" });
        Assert.True(requested.IsSuccessStatusCode, await requested.Content.ReadAsStringAsync());
        var id = (await DatasetApi.ReadAsync<PromotionRequest>(requested)).Id;
        var approved = await _approver.PostAsJsonAsync($"/api/v1/promotions/{id}/approve", new { comment = "ok" });
        Assert.True(approved.IsSuccessStatusCode, await approved.Content.ReadAsStringAsync());
    }

    /// <summary>An ML.NET iris model that reads only the four measurements: the label is keyed before the saved chain.</summary>
    private static byte[] TrainMlNetIris()
    {
        var ml = new MLContext(seed: 1);
        var loader = ml.Data.CreateTextLoader([.. IrisColumns.Select((c, i) => new TextLoader.Column(c, DataKind.Single, i)), new TextLoader.Column("species", DataKind.String, 4)],
            separatorChar: ',', hasHeader: true);
        var data = loader.Load(Path.Combine(AppContext.BaseDirectory, "TestData", "iris.csv"));
        var keyed = ml.Transforms.Conversion.MapValueToKey("Label", "species").Fit(data).Transform(data);
        var model = ml.Transforms.Concatenate("Features", [.. IrisColumns])
            .Append(ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(new() { MaximumNumberOfIterations = 20 }))
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"))
            .Fit(keyed);
        using var buffer = new MemoryStream();
        ml.Model.Save(model, data.Schema, buffer);
        return buffer.ToArray();
    }

    public async Task DisposeAsync()
    {
        Admin.Dispose();
        _approver.Dispose();
        await Factory.DisposeAsync();
    }
}

public sealed record ExpectedRow(Dictionary<string, double> Inputs, string Label, Dictionary<string, double> Probabilities);

public sealed record ExpectedDigit(string File, int[] Pixels, string Label, Dictionary<string, double> Probabilities);
