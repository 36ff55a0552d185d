using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Image;
using MlOps.Modules.Pipeline.Contracts;
using MlOps.Modules.Pipeline.Datasets.Schema;
using MlOps.Modules.Pipeline.Training;
using MlOps.Modules.Pipeline.Training.Evaluation;
using MlOps.Modules.Pipeline.Training.Featurization;
using MlOps.Modules.Pipeline.Training.Loading;
using MlOps.Modules.Pipeline.Training.Trainers;

// Quality of MlOps's training on the full sample data, and the cost of its abstractions:
// one MNIST trial through MlOps against the same ML.NET pipeline written by hand, in the same run.
var samples = args.Length > 0 ? args[0] : Path.Combine("MlOps.Modules", "Pipeline", "Samples");
var repeats = args.Length > 1 ? int.Parse(args[1]) : 3;
var work = Path.Combine(Path.GetTempPath(), "mlops-bench", Guid.NewGuid().ToString("N"));
const int Seed = 1;

var penguins = await HoldoutAsync("penguins.csv", TrainingTask.MulticlassClassification, "Species", []);
Console.WriteLine($"penguins  Species accuracy (holdout 20%, LightGbm)       {penguins[MetricNames.Accuracy]:F4}   target >= 0.97");
var cars = await HoldoutAsync("cars.csv", TrainingTask.Regression, "Miles_per_Gallon", ["Name"]);
Console.WriteLine($"cars      Miles_per_Gallon R2 (holdout 20%, LightGbm)    {cars[MetricNames.R2]:F4}   target >= 0.75");

var mnist = TrainingContext.Create(Seed);
using var train = ImageFolderLoader.Load(mnist, File.OpenRead(Path.Combine(samples, "mnist-digits-train.zip")), Path.Combine(work, "train"), 28);
using var test = ImageFolderLoader.Load(mnist, File.OpenRead(Path.Combine(samples, "mnist-digits-test.zip")), Path.Combine(work, "test"), 28);
var trainer = new ModelTrainer(mnist, train, TrainingTask.ImageClassification);
var tester = new ModelTrainer(mnist, test, TrainingTask.ImageClassification);
var lightGbm = TrainerCatalog.Find("LightGbm")!;
var parameters = new TrialParameters(lightGbm, new Dictionary<string, double>());

var ours = new List<double>();
var direct = new List<double>();
double oursAccuracy = 0, directAccuracy = 0;
for (var i = 0; i < repeats; i++)
{
    var clock = Stopwatch.StartNew();
    var outcome = trainer.Holdout(lightGbm, parameters, trainer.Prepared, tester.Prepared, flips: false, CancellationToken.None);
    ours.Add(clock.Elapsed.TotalSeconds);
    oursAccuracy = outcome.Metrics[MetricNames.Accuracy];

    clock.Restart();
    directAccuracy = DirectMlNetTrial(train.Rows, test.Rows, parameters);
    direct.Add(clock.Elapsed.TotalSeconds);
}

Console.WriteLine($"mnist     train zip -> test zip accuracy (LightGbm)      {oursAccuracy:F4}   target >= 0.95   (hand-written ML.NET: {directAccuracy:F4})");
Console.WriteLine($"mnist     hyperparameters {string.Join(", ", parameters.AsStrings().Select(p => $"{p.Key}={p.Value}"))}");
Console.WriteLine($"mnist     one trial wall time, median of {repeats}: MlOps {Median(ours):F2} s, direct ML.NET {Median(direct):F2} s");
Console.WriteLine($"mnist     trial time ratio MlOps / direct ML.NET          {Median(ours) / Median(direct):F3}   target <= 1.15");
Directory.Delete(work, recursive: true);

async Task<IReadOnlyDictionary<string, double>> HoldoutAsync(string file, TrainingTask task, string label, string[] ignore)
{
    var path = Path.Combine(samples, file);
    var ml = TrainingContext.Create(Seed);
    await using var content = File.OpenRead(path);
    var schema = (await CsvAnalyzer.AnalyzeAsync(content, CancellationToken.None)).Columns;
    var model = new ModelTrainer(ml, TabularLoader.Load(ml, path, schema, label, task, FeatureSelection.Choose(schema, label, null, ignore)), task);
    var (trainSet, testSet) = model.Split(PipelineDefinition.DefaultTestFraction, Seed);
    var best = TrainerCatalog.Find("LightGbm")!;
    return model.Holdout(best, new TrialParameters(best, new Dictionary<string, double>()), trainSet, testSet, flips: false, CancellationToken.None).Metrics;
}

// The baseline: what a developer would write with ML.NET alone for the same data, features, trainer and hyperparameters.
static double DirectMlNetTrial(IDataView trainRows, IDataView testRows, TrialParameters p)
{
    var ml = new MLContext(Seed);
    var pipeline = ml.Transforms.Conversion.MapValueToKey("Label", "Label")
        .Append(ml.Transforms.LoadImages("Image28", null, "Image"))
        .Append(ml.Transforms.ConvertToGrayscale("Image28", "Image28"))
        .Append(ml.Transforms.ResizeImages("Pixels28", 28, 28, "Image28"))
        .Append(ml.Transforms.ExtractPixels("Pixels28", "Pixels28", ImagePixelExtractingEstimator.ColorBits.Red, scaleImage: 1f / 255f))
        .Append(ml.Transforms.ResizeImages("Pixels14", 14, 14, "Image28"))
        .Append(ml.Transforms.ExtractPixels("Pixels14", "Pixels14", ImagePixelExtractingEstimator.ColorBits.Red, scaleImage: 1f / 255f))
        .Append(ml.Transforms.ResizeImages("Pixels7", 7, 7, "Image28"))
        .Append(ml.Transforms.ExtractPixels("Pixels7", "Pixels7", ImagePixelExtractingEstimator.ColorBits.Red, scaleImage: 1f / 255f))
        .Append(ml.Transforms.Concatenate("Features", "Pixels28", "Pixels14", "Pixels7"))
        .AppendCacheCheckpoint(ml)
        .Append(ml.MulticlassClassification.Trainers.LightGbm("Label", "Features", null,
            p.Int("numberOfLeaves"), p.Int("minimumExampleCountPerLeaf"), p.Float("learningRate"), p.Int("numberOfIterations")))
        .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"));
    var model = pipeline.Fit(trainRows);
    return ml.MulticlassClassification.Evaluate(model.Transform(testRows), "Label").MicroAccuracy;
}

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
}
