using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;
using MlOps.Modules.Pipeline.Contracts;
using MlOps.Modules.Pipeline.Training.Evaluation;
using MlOps.Modules.Pipeline.Training.Featurization;
using MlOps.Modules.Pipeline.Training.Loading;
using MlOps.Modules.Pipeline.Training.Trainers;

namespace MlOps.Modules.Pipeline.Training;

internal sealed record TrialOutcome(
    string Trainer,
    IReadOnlyDictionary<string, double> Parameters,
    IReadOnlyDictionary<string, double> Metrics,
    ConfusionMatrixData? Confusion,
    TimeSpan Duration,
    IReadOnlyDictionary<string, double>? FeatureImportance = null,
    IReadOnlyList<MisclassifiedImage>? Misclassified = null,
    ModelEvaluation? Flipped = null);

/// <summary>
/// Fits and scores ML.NET pipelines on one dataset. Label preparation is applied to the data, not saved
/// in the model, so a saved model predicts from its feature columns alone.
/// </summary>
internal sealed class ModelTrainer
{
    /// <summary>A binary label may carry stray values (a typo, "NA") in at most this share of rows; they are left out.</summary>
    private const double MaxStrayLabelShare = 0.01;

    private const int MisclassifiedShown = 8;
    private const string PredictedLabel = "PredictedLabel";

    private readonly MLContext _ml;
    private readonly TrainingData _data;
    private readonly TrainingTask _task;
    private readonly List<Task> _abandoned = [];
    private FlipPass? _flipPass;

    public ModelTrainer(MLContext ml, TrainingData data, TrainingTask task)
    {
        _ml = ml;
        _data = data;
        _task = task;
        Classes = task == TrainingTask.Regression ? [] : ClassesOf(data, task);
        Prepared = PrepareLabel();
    }

    /// <summary>Class names in the order of the model's scores; empty for regression.</summary>
    public IReadOnlyList<string> Classes { get; }

    /// <summary>The rows with a usable label, holding it in <c>Label</c> as the trainers expect.</summary>
    public IDataView Prepared { get; }

    public IReadOnlyList<FeatureColumn> Features => _data.Features;

    public DataViewSchema InputSchema => _data.Inputs.Schema;

    /// <summary>The raw input rows of the test split, as a saved model reads them.</summary>
    public IDataView TestRows(double testFraction, int seed) => _ml.Data.TrainTestSplit(_data.Rows, testFraction, seed: seed).TestSet;

    public (IDataView Train, IDataView Test) Split(double testFraction, int seed)
    {
        var split = _ml.Data.TrainTestSplit(Prepared, testFraction, seed: seed);
        return (split.TrainSet, split.TestSet);
    }

    /// <param name="flips">Also score the test split with the flipped-image pass (<see cref="TrialOutcome.Flipped"/>).</param>
    public TrialOutcome Holdout(TrainerDefinition trainer, TrialParameters parameters, IDataView train, IDataView test, bool flips, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var model = Fit(trainer, parameters, train, cancellationToken);
        var evaluation = Score(model, test);
        var flipped = flips ? (_flipPass ??= new FlipPass(_ml, _data, Classes)).Evaluate(model, test, cancellationToken) : null;
        var duration = clock.Elapsed;
        return new TrialOutcome(trainer.Name, parameters.Values, evaluation.Metrics, evaluation.Confusion, duration,
            Evaluation.FeatureImportance.Compute(_ml, _task, model, test, _data.Features), Misclassified(model, test), flipped);
    }

    public TrialOutcome CrossValidate(TrainerDefinition trainer, TrialParameters parameters, int folds, int seed, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var foldData = _ml.Data.CrossValidationSplit(Prepared, folds, seed: seed);
        var models = foldData.Select(fold => (Model: Fit(trainer, parameters, fold.TrainSet, cancellationToken), fold.TestSet)).ToList();
        var evaluations = models.Select(fold => Score(fold.Model, fold.TestSet)).ToList();
        var metrics = evaluations[0].Metrics.Keys.ToDictionary(key => key, key => evaluations.Average(e => e.Metrics[key]));
        var duration = clock.Elapsed;
        return new TrialOutcome(trainer.Name, parameters.Values, metrics, evaluations[^1].Confusion, duration,
            Evaluation.FeatureImportance.Compute(_ml, _task, models[^1].Model, models[^1].TestSet, _data.Features));
    }

    /// <summary>
    /// Fits on its own task so a caller can stop waiting at once when cancelled: some ML.NET trainers
    /// (FastTree among them) never check for cancellation, so an abandoned fit runs to its end in the
    /// background; <see cref="AbandonedFits"/> lets the owner wait for it before reusing the machine.
    /// </summary>
    public ITransformer Fit(TrainerDefinition trainer, TrialParameters parameters, IDataView rows, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var pipeline = FeaturesFor(trainer, parameters)
            .AppendCacheCheckpoint(_ml)
            .Append(trainer.Create(_ml, _task, parameters));
        IEstimator<ITransformer> estimator = _task is TrainingTask.MulticlassClassification or TrainingTask.ImageClassification
            ? pipeline.Append(_ml.Transforms.Conversion.MapKeyToValue(PredictedLabel))
            : pipeline;

        using var stop = _ml.CancelWith(cancellationToken);
        var fitting = Task.Run(() => estimator.Fit(rows), CancellationToken.None);
        try
        {
            return fitting.WaitAsync(cancellationToken).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            lock (_abandoned) _abandoned.Add(fitting.ContinueWith(_ => { }, TaskScheduler.Default));
            throw;
        }
    }

    private IEstimator<ITransformer> FeaturesFor(TrainerDefinition trainer, TrialParameters parameters)
    {
        if (!trainer.ReadsResNet18Features) return Featurizer.Build(_ml, _data.Features, trainer.NeedsNormalization, _data.ImageSide);
        if (!_data.HasEmbeddings) throw new TrainingException($"{trainer.Name} trains on the pictures of an image dataset (the ImageClassification task).");
        return Featurizer.Build(_ml, ResNet18Features.WithPixels(parameters) ? _data.Features : [], normalize: false, _data.ImageSide, [ResNet18Embedding.Column]);
    }

    /// <summary>Completes when every fit abandoned by cancellation has ended.</summary>
    public Task AbandonedFits
    {
        get
        {
            lock (_abandoned) return Task.WhenAll(_abandoned);
        }
    }

    /// <summary>A handful of test pictures the model got wrong, for people to look at; null for tabular data.</summary>
    private IReadOnlyList<MisclassifiedImage>? Misclassified(ITransformer model, IDataView test)
    {
        if (_data.Images.Count == 0) return null;
        var entries = _data.Images.ToDictionary(i => i.Path, i => i.Entry, StringComparer.Ordinal);
        var scored = model.Transform(test);
        return scored.GetColumn<string>(ImageFolderLoader.ImageColumn)
            .Zip(scored.GetColumn<uint>(TrainerCatalog.Label), scored.GetColumn<string>(PredictedLabel))
            .Where(row => Classes[(int)row.Second - 1] != row.Third)
            .Take(MisclassifiedShown)
            .Select(row => new MisclassifiedImage(entries[row.First], Classes[(int)row.Second - 1], row.Third))
            .ToList();
    }

    public ModelEvaluation Score(ITransformer model, IDataView test) => ModelEvaluator.Evaluate(_ml, _task, model.Transform(test), Classes);

    /// <summary>
    /// Saves a model that reads only the dataset's own columns: features computed ahead for training (the ResNet-18
    /// features of pictures) become the model's first step.
    /// </summary>
    public void Save(ITransformer model, TrainerDefinition trainer, Stream destination)
    {
        var saved = trainer.ReadsResNet18Features
            ? new TransformerChain<ITransformer>(ResNet18Embedding.Step(_ml, _data.Inputs, ImageFolderLoader.ImageColumn), model)
            : model;
        _ml.Model.Save(saved, InputSchema, destination);
    }

    private IDataView PrepareLabel()
    {
        var label = _data.LabelColumn;
        if (_task == TrainingTask.Regression)
        {
            var numeric = label == TrainerCatalog.Label ? _data.Rows : _ml.Transforms.CopyColumns(TrainerCatalog.Label, label).Fit(_data.Rows).Transform(_data.Rows);
            return _ml.Data.FilterRowsByMissingValues(numeric, TrainerCatalog.Label);
        }

        const string key = "__mlops_label_key";
        var keys = _ml.Data.LoadFromEnumerable(Classes.Select(c => new ClassName { Value = c }));
        var keyed = _ml.Transforms.Conversion.MapValueToKey(key, label, keyData: keys).Fit(_data.Rows).Transform(_data.Rows);
        var known = _ml.Data.FilterRowsByMissingValues(keyed, key);
        IEstimator<ITransformer> toLabel = _task == TrainingTask.BinaryClassification
            ? _ml.Transforms.Conversion.MapValue(TrainerCatalog.Label, Classes.Select((c, i) => new KeyValuePair<string, bool>(c, i == 1)), label)
            : _ml.Transforms.CopyColumns(TrainerCatalog.Label, key);
        return toLabel.Fit(known).Transform(known);
    }

    private static IReadOnlyList<string> ClassesOf(TrainingData data, TrainingTask task)
    {
        var counts = data.Rows.GetColumn<ReadOnlyMemory<char>>(data.LabelColumn)
            .Select(v => v.ToString().Trim())
            .Where(v => v.Length > 0)
            .GroupBy(v => v, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        if (counts.Count < 2)
            throw new TrainingException($"The label '{data.LabelColumn}' has {counts.Count} distinct value(s); classification needs at least two.");
        if (task != TrainingTask.BinaryClassification) return [.. counts.Keys.Order(StringComparer.Ordinal)];

        var topTwo = counts.OrderByDescending(c => c.Value).Take(2).ToList();
        var stray = counts.Values.Sum() - topTwo.Sum(c => c.Value);
        if (stray > MaxStrayLabelShare * counts.Values.Sum())
            throw new TrainingException($"Binary classification needs a label with two values; '{data.LabelColumn}' has {counts.Count}: {string.Join(", ", counts.Keys.Take(10))}.");
        return [.. topTwo.Select(c => c.Key).Order(StringComparer.Ordinal)];
    }

    private sealed class ClassName
    {
        public string Value { get; set; } = "";
    }
}

/// <summary>Training cannot go on for a reason the person who defined the pipeline can fix.</summary>
internal sealed class TrainingException(string message) : Exception(message);
