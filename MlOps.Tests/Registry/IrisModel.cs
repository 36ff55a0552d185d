using Microsoft.Extensions.DependencyInjection;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlOps.Modules.Platform.Contracts;
using MlOps.Modules.Registry.Contracts;

namespace MlOps.Tests.Registry;

/// <summary>A real ML.NET multiclass model, trained once per test run on a slice of iris.</summary>
public static class IrisModel
{
    private static readonly Lazy<byte[]> Trained = new(Train);

    public static byte[] Bytes => Trained.Value;

    public static IReadOnlyList<string> Labels { get; } = ["setosa", "versicolor", "virginica"];

    public static IReadOnlyDictionary<string, double> Metrics(double accuracy) =>
        new Dictionary<string, double> { ["accuracy"] = accuracy, ["logLoss"] = 1 - accuracy };

    public static MemoryStream OpenRead() => new(Bytes, writable: false);

    /// <summary>Registers the next version of <paramref name="name"/> the way the Pipeline module will: through the contract, with lineage.</summary>
    public static async Task<OperationResult<ModelVersionDetails>> RegisterAsync(IServiceProvider services, string name, double accuracy = 0.9, Stream? artifact = null)
    {
        await using var scope = services.CreateAsyncScope();
        var registry = scope.ServiceProvider.GetRequiredService<IModelRegistry>();
        await using var content = artifact ?? OpenRead();
        var version = new NewModelVersion(name, "MulticlassClassification", RunId: $"run-{Guid.NewGuid():N}", PipelineRunId: "pipeline-run-1",
            Dataset: new DatasetReference("iris", 1, "sha256-of-iris"), Labels: Labels, Metrics: Metrics(accuracy),
            ModelDescription: "Iris species from flower measurements");
        return await registry.RegisterVersionAsync(version, content, "ds@mlops.test", CancellationToken.None);
    }

    private static byte[] Train()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromTextFile<IrisRow>(Path.Combine(AppContext.BaseDirectory, "TestData", "iris.csv"), separatorChar: ',', hasHeader: true);
        var pipeline = ml.Transforms.Concatenate("Features", nameof(IrisRow.SepalLength), nameof(IrisRow.SepalWidth), nameof(IrisRow.PetalLength), nameof(IrisRow.PetalWidth))
            .Append(ml.Transforms.Conversion.MapValueToKey("Label", nameof(IrisRow.Species)))
            .Append(ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(new() { MaximumNumberOfIterations = 20 }))
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"));
        var model = pipeline.Fit(data);
        using var buffer = new MemoryStream();
        ml.Model.Save(model, data.Schema, buffer);
        return buffer.ToArray();
    }

    private sealed class IrisRow
    {
        [LoadColumn(0)] public float SepalLength { get; set; }
        [LoadColumn(1)] public float SepalWidth { get; set; }
        [LoadColumn(2)] public float PetalLength { get; set; }
        [LoadColumn(3)] public float PetalWidth { get; set; }
        [LoadColumn(4)] public string Species { get; set; } = "";
    }
}
