using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlOps.Modules.Pipeline.Contracts;
using MlOps.Modules.Pipeline.Training;
using MlOps.Modules.Pipeline.Training.Evaluation;
using MlOps.Modules.Pipeline.Training.Loading;
using MlOps.Modules.Pipeline.Training.Trainers;

namespace MlOps.Tests.Pipeline.Training;

public sealed class ModelTrainerTests
{
    private static TrialParameters Defaults(string trainer) => new(TrainerCatalog.Find(trainer)!, new Dictionary<string, double>());

    [Fact]
    public async Task Penguin_species_are_predicted_with_at_least_97_percent_holdout_accuracy()
    {
        var ml = TrainingContext.Create(seed: 1);
        var trainer = await TrainingFixtures.TabularAsync(ml, "penguins.csv", TrainingTask.MulticlassClassification, "Species");
        var (train, test) = trainer.Split(0.2, seed: 1);

        var outcome = trainer.Holdout(TrainerCatalog.Find("LightGbm")!, Defaults("LightGbm"), train, test, flips: false, CancellationToken.None);

        Assert.True(outcome.Metrics[MetricNames.Accuracy] >= 0.97, $"accuracy {outcome.Metrics[MetricNames.Accuracy]:F3}");
        Assert.Equal(["Adelie", "Chinstrap", "Gentoo"], outcome.Confusion!.Classes);
    }

    [Fact]
    public async Task Permutation_importance_is_reported_per_input_column()
    {
        var ml = TrainingContext.Create(seed: 1);
        var trainer = await TrainingFixtures.TabularAsync(ml, "penguins.csv", TrainingTask.MulticlassClassification, "Species");
        var (train, test) = trainer.Split(0.2, seed: 1);

        var outcome = trainer.Holdout(TrainerCatalog.Find("Lbfgs")!, Defaults("Lbfgs"), train, test, flips: false, CancellationToken.None);

        var importance = outcome.FeatureImportance!;
        Assert.Equal(trainer.Features.Select(f => f.Name).Order(), importance.Keys.Order());
        Assert.True(importance.Values.Max() > 0, string.Join(", ", importance));
        Assert.Contains(importance.Keys.First(), new[] { "Beak Length (mm)", "Beak Depth (mm)", "Flipper Length (mm)", "Body Mass (g)", "Island" });
    }

    [Fact]
    public async Task Car_mileage_is_predicted_with_r2_of_at_least_075_using_date_parts()
    {
        var ml = TrainingContext.Create(seed: 1);
        var trainer = await TrainingFixtures.TabularAsync(ml, "cars.csv", TrainingTask.Regression, "Miles_per_Gallon", "Name");
        var (train, test) = trainer.Split(0.2, seed: 1);

        var outcome = trainer.Holdout(TrainerCatalog.Find("LightGbm")!, Defaults("LightGbm"), train, test, flips: false, CancellationToken.None);

        Assert.Contains(trainer.Features, f => f is { Name: "Year", Type: ColumnType.Date });
        Assert.True(outcome.Metrics[MetricNames.R2] >= 0.75, $"R² {outcome.Metrics[MetricNames.R2]:F3}");
        Assert.True(outcome.Metrics[MetricNames.Rmse] > 0);
    }

    [Fact]
    public async Task A_binary_label_with_a_stray_value_trains_on_its_two_real_classes()
    {
        var ml = TrainingContext.Create(seed: 1);
        var trainer = await TrainingFixtures.TabularAsync(ml, "penguins.csv", TrainingTask.BinaryClassification, "Sex");
        var (train, test) = trainer.Split(0.2, seed: 1);

        var outcome = trainer.Holdout(TrainerCatalog.Find("FastTree")!, Defaults("FastTree"), train, test, flips: false, CancellationToken.None);

        Assert.Equal(["FEMALE", "MALE"], trainer.Classes);
        Assert.InRange(outcome.Metrics[MetricNames.Auc], 0.8, 1.0);
    }

    [Theory]
    [InlineData("LightGbm")]
    [InlineData("FastTree")]
    [InlineData("FastForest")]
    [InlineData("SdcaMaximumEntropy")]
    [InlineData("LbfgsMaximumEntropy")]
    public async Task Every_trainer_learns_iris(string name)
    {
        var ml = TrainingContext.Create(seed: 1);
        var trainer = await TrainingFixtures.TabularAsync(ml, "iris.csv", TrainingTask.MulticlassClassification, "species");

        var outcome = trainer.CrossValidate(TrainerCatalog.Find(name)!, Defaults(name), folds: 3, seed: 1, CancellationToken.None);

        Assert.True(outcome.Metrics[MetricNames.Accuracy] > 0.85, $"{name}: accuracy {outcome.Metrics[MetricNames.Accuracy]:F3}");
    }

    [Fact]
    public async Task A_saved_model_loads_again_and_predicts_from_feature_columns_alone()
    {
        var ml = TrainingContext.Create(seed: 1);
        var trainer = await TrainingFixtures.TabularAsync(ml, "cars.csv", TrainingTask.Regression, "Miles_per_Gallon", "Name");
        var model = trainer.Fit(TrainerCatalog.Find("FastTree")!, Defaults("FastTree"), trainer.Prepared, CancellationToken.None);
        using var saved = new MemoryStream();
        trainer.Save(model, TrainerCatalog.Find("FastTree")!, saved);
        saved.Position = 0;

        var loaded = TrainingContext.Create(seed: 2).Model.Load(saved, out _);
        var row = ml.Data.LoadFromEnumerable([new CarWithoutLabel()]);
        var predicted = loaded.Transform(row).GetColumn<float>("Score").Single();

        Assert.InRange(predicted, 10f, 40f);
    }

    [Fact]
    public void Image_folders_train_a_digit_classifier_on_grayscale_pixels()
    {
        var ml = TrainingContext.Create(seed: 1);
        using var zip = File.OpenRead(TrainingFixtures.PathOf("mnist-50.zip"));
        using var data = ImageFolderLoader.Load(ml, zip, Path.Combine(Path.GetTempPath(), "mlops-tests", Guid.NewGuid().ToString("N")), imageSide: 28);
        var trainer = new ModelTrainer(ml, data, TrainingTask.ImageClassification);

        var model = trainer.Fit(TrainerCatalog.Find("Lbfgs")!, Defaults("Lbfgs"), trainer.Prepared, CancellationToken.None);
        var training = trainer.Score(model, trainer.Prepared);

        Assert.Equal(10, trainer.Classes.Count);
        Assert.True(training.Metrics[MetricNames.Accuracy] > 0.9, $"training accuracy {training.Metrics[MetricNames.Accuracy]:F3}");
    }

    [Fact]
    public void The_flip_pass_scores_each_test_picture_with_its_mirror_image_and_averages_the_scores()
    {
        var ml = TrainingContext.Create(seed: 1);
        using var zip = File.OpenRead(TrainingFixtures.PathOf("mnist-50.zip"));
        using var data = ImageFolderLoader.Load(ml, zip, Path.Combine(Path.GetTempPath(), "mlops-tests", Guid.NewGuid().ToString("N")), imageSide: 28);
        var trainer = new ModelTrainer(ml, data, TrainingTask.ImageClassification);
        var (train, test) = trainer.Split(0.3, seed: 1);

        var outcome = trainer.Holdout(TrainerCatalog.Find("Lbfgs")!, Defaults("Lbfgs"), train, test, flips: true, CancellationToken.None);

        // The same fit again, scored here on mirror images made pixel by pixel.
        var model = trainer.Fit(TrainerCatalog.Find("Lbfgs")!, Defaults("Lbfgs"), train, CancellationToken.None);
        var scored = model.Transform(test);
        var paths = scored.GetColumn<string>("Image").ToList();
        var truth = scored.GetColumn<uint>("Label").Select(k => (int)k - 1).ToList();
        var plain = scored.GetColumn<float[]>("Score").ToList();
        var mirrors = ml.Data.LoadFromEnumerable(paths.Select(path => new PictureRow { Image = MirrorFile(path) }));
        var flipped = model.Transform(mirrors).GetColumn<float[]>("Score").ToList();
        var right = truth.Where((t, i) =>
        {
            var mean = plain[i].Zip(flipped[i], (a, b) => (a + b) / 2).ToArray();
            return Array.IndexOf(mean, mean.Max()) == t;
        }).Count();

        Assert.Equal((double)right / truth.Count, outcome.Flipped!.Metrics[MetricNames.Accuracy], 6);
        Assert.Equal(truth.Count, outcome.Flipped.Confusion!.Counts.Sum(row => row.Sum()));
        Assert.Equal(right, Enumerable.Range(0, 10).Sum(c => outcome.Flipped.Confusion.Counts[c][c]));
    }

    private static string MirrorFile(string path)
    {
        using var source = SkiaSharp.SKBitmap.Decode(path);
        using var mirrored = new SkiaSharp.SKBitmap(source.Info);
        for (var y = 0; y < source.Height; y++)
            for (var x = 0; x < source.Width; x++) mirrored.SetPixel(source.Width - 1 - x, y, source.GetPixel(x, y));
        var target = path + ".test-mirror.png";
        using (var data = mirrored.Encode(SkiaSharp.SKEncodedImageFormat.Png, 100)) File.WriteAllBytes(target, data.ToArray());
        return target;
    }

    private sealed class PictureRow
    {
        public string Image { get; set; } = "";
    }

    [Fact]
    public async Task Cancelling_returns_control_part_way_through_a_fit()
    {
        var ml = TrainingContext.Create(seed: 1);
        var trainer = await TrainingFixtures.TabularAsync(ml, "cars.csv", TrainingTask.Regression, "Miles_per_Gallon");
        var huge = new TrialParameters(TrainerCatalog.Find("FastTree")!, new Dictionary<string, double> { ["numberOfTrees"] = 500, ["numberOfLeaves"] = 128 });
        var uninterrupted = Stopwatch.StartNew();
        trainer.Fit(TrainerCatalog.Find("FastTree")!, huge, trainer.Prepared, CancellationToken.None);
        uninterrupted.Stop();
        // The fit and the cancelling run on threads of their own: on a busy machine the thread pool can be starved for
        // seconds, and that delay (which any caller would see in starting its own work) is not what this test measures.
        Exception? thrown = null;
        using var cancellation = new CancellationTokenSource();
        var fitting = new Thread(() =>
        {
            try { trainer.Fit(TrainerCatalog.Find("FastTree")!, huge, trainer.Prepared, cancellation.Token); }
            catch (Exception e) { thrown = e; }
        });
        fitting.Start();
        Thread.Sleep(TimeSpan.FromMilliseconds(Math.Min(uninterrupted.Elapsed.TotalMilliseconds / 10, 300)));
        var clock = Stopwatch.StartNew();
        cancellation.Cancel();
        fitting.Join();
        clock.Stop();

        Assert.IsAssignableFrom<OperationCanceledException>(thrown);
        // FastTree never checks for cancellation, so control came back while its fit still ran in the background.
        Assert.True(clock.Elapsed < uninterrupted.Elapsed / 2, $"cancelling took {clock.Elapsed}; a whole fit takes {uninterrupted.Elapsed}");
        await trainer.AbandonedFits.WaitAsync(TimeSpan.FromSeconds(120));
    }

    private sealed class CarWithoutLabel
    {
        public string Name { get; set; } = "ford torino";
        public float Cylinders { get; set; } = 8;
        public float Displacement { get; set; } = 302;
        public float Horsepower { get; set; } = 140;
        [ColumnName("Weight_in_lbs")]
        public float Weight { get; set; } = 3449;
        public float Acceleration { get; set; } = 10.5f;
        public string Year { get; set; } = "1970-01-01";
        public string Origin { get; set; } = "USA";
    }
}
