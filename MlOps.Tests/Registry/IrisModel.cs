using Microsoft.ML;
using Microsoft.ML.Data;

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
