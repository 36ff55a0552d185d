using System.IO.Compression;
using Microsoft.Extensions.DependencyInjection;
using MlOps.Modules.Pipeline.Contracts;
using MlOps.Modules.Registry.Contracts;
using MlOps.Tests.Onnx;
using MlOps.Tests.Pipeline;
using MlOps.Tests.Support;

namespace MlOps.Tests.Serving;

/// <summary>
/// One host with an image model of each kind, all on the 50-digit MNIST slice: raw pixels (Lbfgs), ResNet-18 features,
/// the PyTorch CNN uploaded as ONNX, and the pixel model registered again with the flipped-image pass.
/// </summary>
public sealed class ImageModelsFixture : IAsyncLifetime
{
    public const string Dataset = "mnist";
    public const string Pixels = "digits-pixels";
    public const string ResNet18 = "digits-resnet18";
    public const string Cnn = "digits-cnn";
    public const string Flipped = "digits-flipped";

    public MlOpsFactory Factory { get; } = new();

    public HttpClient Admin { get; private set; } = null!;

    /// <summary>The slice's pictures, by archive path.</summary>
    public static IReadOnlyList<(string Name, byte[] Content)> Digits { get; } = Entries(DatasetApi.TestFile("mnist-50.zip"));

    public async Task InitializeAsync()
    {
        Admin = Factory.CreateAdminClient();
        await PipelineApi.UploadAsync(Admin, Dataset, "mnist-50.zip");
        foreach (var (model, trainer) in new[] { (Pixels, "Lbfgs"), (ResNet18, "ResNet18Features") })
        {
            var run = await PipelineApi.RunToEndAsync(Admin, new
            {
                name = model, dataset = Dataset, task = "ImageClassification", label = "Label",
                trainers = new[] { trainer }, search = new { strategy = "Grid", maxTrials = 1 }, validation = new { testFraction = 0.3 }, registerModel = model,
            }, model);
            Assert.True(run.Status == PipelineRunStatus.Succeeded, run.Error);
        }

        var cnn = await OnnxFixture.UploadAsync(Admin, Cnn, OnnxFixture.Fixture("mnist-cnn.onnx"), "mnist-cnn.onnx", File.ReadAllText(OnnxFixture.FixturePath("mnist-cnn.signature.json")));
        Assert.True(cnn.IsSuccessStatusCode, await cnn.Content.ReadAsStringAsync());

        await using var scope = Factory.Services.CreateAsyncScope();
        var registry = scope.ServiceProvider.GetRequiredService<IModelRegistry>();
        var pixels = (await registry.LoadAsync(Pixels, ModelSelector.ForVersion(1), CancellationToken.None)).Value!;
        var flipped = await registry.RegisterVersionAsync(
            new NewModelVersion(Flipped, pixels.Version.Task, Dataset: pixels.Version.Dataset, InputSchema: [new SchemaColumn("Image", "Image", FlipPass: true)], Labels: pixels.Version.Labels),
            pixels.OpenRead(), "ds@mlops.test", CancellationToken.None);
        Assert.True(flipped.Succeeded, string.Join(" ", flipped.Problems.Values.SelectMany(p => p)));
    }

    public async Task DisposeAsync()
    {
        Admin?.Dispose();
        await Factory.DisposeAsync();
    }

    private static List<(string Name, byte[] Content)> Entries(byte[] zip)
    {
        using var archive = new ZipArchive(new MemoryStream(zip));
        return archive.Entries.Where(e => e.Name.Length > 0).Select(e =>
        {
            using var stream = e.Open();
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return (e.FullName, copy.ToArray());
        }).ToList();
    }
}
