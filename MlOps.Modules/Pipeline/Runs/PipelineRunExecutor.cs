using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.ML;
using MlOps.Modules.Experiments.Contracts;
using MlOps.Modules.Pipeline.Contracts;
using MlOps.Modules.Pipeline.Data;
using MlOps.Modules.Pipeline.Datasets;
using MlOps.Modules.Pipeline.Definitions;
using MlOps.Modules.Pipeline.Training;
using MlOps.Modules.Pipeline.Training.Evaluation;
using MlOps.Modules.Pipeline.Training.Featurization;
using MlOps.Modules.Pipeline.Training.Loading;
using MlOps.Modules.Pipeline.Training.Search;
using MlOps.Modules.Pipeline.Training.Trainers;
using MlOps.Modules.Platform.Contracts;
using MlOps.Modules.Registry.Contracts;

namespace MlOps.Modules.Pipeline.Runs;

/// <summary>
/// Runs one pipeline: every trial becomes an Experiments run, the best trial is refit on all the data and
/// registered with its lineage, and, when asked, a production promotion is requested if it beats production.
/// It runs a run this replica has claimed (<see cref="RunWorker"/>).
/// </summary>
internal sealed class PipelineRunExecutor(
    PipelineDbContext db,
    IDatasetCatalog datasets,
    IExperimentTracker tracker,
    IModelRegistry registry,
    IAuditLog audit,
    IOptions<MlOpsOptions> platform,
    IReplica replica,
    EmbeddingCache embeddings,
    IOptions<DatasetOptions> datasetOptions,
    TimeProvider clock,
    ILogger<PipelineRunExecutor> logger)
{
    private const double ComparisonTestFraction = 0.2;
    private const string FlipPassParameter = "flipPass";

    private ModelTrainer? _trainer;

    public async Task ExecuteAsync(string runId, CancellationToken cancellationToken)
    {
        var run = await db.Runs.SingleOrDefaultAsync(r => r.Id == runId, CancellationToken.None);
        if (run is null || run.Status != PipelineRunStatus.Running || run.Instance != replica.Name) return;

        var workDirectory = Path.Combine(platform.Value.WorkDirectory, $"run-{runId}");
        try
        {
            await TrainAsync(run, PipelineJson.Deserialize<PipelineDefinition>(run.DefinitionJson), workDirectory, cancellationToken);
            await FinishAsync(run, PipelineRunStatus.Succeeded, null);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await FinishAsync(run, PipelineRunStatus.Cancelled, "Cancelled before it finished.");
        }
        catch (Exception error)
        {
            logger.LogWarning(error, "Pipeline run {RunId} failed", runId);
            await FinishAsync(run, PipelineRunStatus.Failed, error.Message);
        }
        finally
        {
            // A fit abandoned on cancellation still reads the run's files and uses the cores: wait for it.
            if (_trainer is not null) await _trainer.AbandonedFits;
            if (Directory.Exists(workDirectory)) Directory.Delete(workDirectory, recursive: true);
        }
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private async Task TrainAsync(PipelineRunRecord run, PipelineDefinition definition, string workDirectory, CancellationToken cancellationToken)
    {
        var version = await datasets.GetVersionAsync(definition.Dataset, definition.DatasetVersion, cancellationToken)
            ?? throw new TrainingException($"Dataset '{definition.Dataset}' (version {definition.DatasetVersion?.ToString() ?? "latest"}) no longer exists.");
        run.DatasetVersion = version.Version;
        run.DatasetContentHash = version.ContentHash;
        await db.SaveChangesAsync(CancellationToken.None);

        var seed = definition.Validation?.Seed ?? PipelineDefinition.DefaultSeed;
        var ml = TrainingContext.Create(seed);
        var metric = definition.OptimizeMetric ?? MetricNames.DefaultFor(definition.Task);
        var search = definition.Search ?? new SearchSettings(MaxTrials: definition.Trainers.Count);
        var plan = SearchPlanner.Plan(definition.Trainers.Select(t => TrainerCatalog.Find(t)!).DistinctBy(t => t.Name).ToList(), search.Strategy, search.MaxTrials, seed);
        using var data = await LoadAsync(run, ml, definition, version, plan.Any(p => p.Trainer.ReadsResNet18Features), workDirectory, cancellationToken);
        var trainer = _trainer = new ModelTrainer(ml, data, definition.Task);
        run.PlannedTrials = plan.Count;
        run.OptimizeMetric = metric;
        await db.SaveChangesAsync(CancellationToken.None);
        var experiment = await tracker.GetOrCreateExperimentAsync(definition.Name, run.RequestedBy, cancellationToken);

        var holdout = definition.Validation?.Folds is null ? trainer.Split(definition.Validation?.TestFraction ?? PipelineDefinition.DefaultTestFraction, seed) : default;
        var deadline = clock.GetUtcNow() + TimeSpan.FromMinutes(search.MaxMinutes);
        var trials = new List<TrialSummary>();
        (PlannedTrial Plan, TrialOutcome Outcome, string RunId)? best = null;
        foreach (var planned in plan)
        {
            if (clock.GetUtcNow() >= deadline) break;
            using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            budget.CancelAfter(deadline - clock.GetUtcNow());
            var trial = await RunTrialAsync(run, definition, experiment.Id, trainer, planned, holdout, budget.Token, cancellationToken);
            trials.Add(trial.Summary);
            if (trial.Outcome is { } outcome && outcome.Metrics.TryGetValue(metric, out var value)
                && (best is null || MetricNames.IsBetter(metric, value, best.Value.Outcome.Metrics[metric])))
            {
                best = (planned, outcome, trial.Summary.RunId!);
                run.BestRunId = best.Value.RunId;
                run.BestMetric = value;
            }

            run.TrialsJson = PipelineJson.Serialize(trials);
            run.Progress = (double)trials.Count / (plan.Count + 1);
            await db.SaveChangesAsync(CancellationToken.None);
            if (trial.OutOfTime) break;
        }

        if (best is null) throw new TrainingException($"No trial produced {metric}: {trials.LastOrDefault()?.Error ?? "the time budget ran out before the first trial finished"}");
        await RegisterBestAsync(run, definition, version, ml, trainer, best.Value.Plan, best.Value.Outcome, best.Value.RunId, metric, cancellationToken);
    }

    private async Task<TrainingData> LoadAsync(
        PipelineRunRecord run, MLContext ml, PipelineDefinition definition, DatasetVersionInfo version, bool embed, string workDirectory, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(workDirectory);
        await using var file = await datasets.OpenFileAsync(version.Name, version.Version, cancellationToken)
            ?? throw new TrainingException($"The file of dataset '{version.Name}' version {version.Version} is missing from the artifact store.");
        if (version.Kind == DatasetKind.Image)
        {
            var statistics = await datasets.GetReferenceStatisticsAsync(version.Name, version.Version, cancellationToken);
            var folder = Path.Combine(workDirectory, "images");
            var images = await Task.Run(() => ImageFolderLoader.Extract(file, folder, datasetOptions.Value.MaxImagePixels, cancellationToken), cancellationToken);
            var resNetFeatures = embed ? await EmbedAsync(run, version, images, cancellationToken) : null;
            return ImageFolderLoader.Load(ml, images, folder, statistics?.Images?.MaxWidth ?? 28, resNetFeatures);
        }

        var csv = Path.Combine(workDirectory, "data.csv");
        await using (var copy = File.Create(csv)) await file.CopyToAsync(copy, cancellationToken);
        var features = FeatureSelection.Choose(version.Columns, definition.Label, definition.Features, definition.Ignore);
        return TabularLoader.Load(ml, csv, version.Columns, definition.Label, definition.Task, features);
    }

    private async Task<float[][]> EmbedAsync(PipelineRunRecord run, DatasetVersionInfo version, IReadOnlyList<ImageFile> images, CancellationToken cancellationToken)
    {
        var (features, reused) = await embeddings.GetOrComputeAsync(version.ContentHash, images.Select(i => i.Path).ToList(), async done =>
        {
            run.ProgressDetail = $"Featurising images with ResNet-18: {done:N0}/{images.Count:N0}";
            await db.SaveChangesAsync(CancellationToken.None);
        }, cancellationToken);
        run.ProgressDetail = reused
            ? $"ResNet-18 features of {images.Count:N0} images reused from this dataset version's cache"
            : $"Featurised {images.Count:N0} images with ResNet-18";
        await db.SaveChangesAsync(CancellationToken.None);
        return features;
    }

    private sealed record TrialResult(TrialSummary Summary, TrialOutcome? Outcome, bool OutOfTime);

    private async Task<TrialResult> RunTrialAsync(
        PipelineRunRecord run, PipelineDefinition definition, string experimentId, ModelTrainer trainer, PlannedTrial planned,
        (IDataView Train, IDataView Test) holdout, CancellationToken budget, CancellationToken cancellationToken)
    {
        var parameters = planned.Parameters.AsStrings().Select(p => new KeyValue(p.Key, p.Value))
            .Append(new KeyValue("trainer", planned.Trainer.Name))
            .Append(new KeyValue("task", definition.Task.ToString()))
            .Append(new KeyValue("label", definition.Label))
            .Append(new KeyValue("dataset", $"{run.Dataset}:{run.DatasetVersion}"))
            .ToList();
        var created = await tracker.CreateRunAsync(experimentId, new NewRun(
            $"{planned.Trainer.Name} #{JsonTrialCount(run) + 1}",
            new Dictionary<string, string> { ["pipeline"] = definition.Name, ["pipelineRun"] = run.Id, ["trainer"] = planned.Trainer.Name }),
            run.RequestedBy, cancellationToken);
        var trialRunId = created.Value?.Id ?? throw new InvalidOperationException($"The trial could not be tracked: {Describe(created.Problems)}");
        await tracker.LogAsync(trialRunId, new RunLog(Params: parameters), run.RequestedBy, cancellationToken);

        try
        {
            var outcome = await Task.Run(() => definition.Validation?.Folds is { } folds
                ? trainer.CrossValidate(planned.Trainer, planned.Parameters, folds, definition.Validation.Seed ?? PipelineDefinition.DefaultSeed, budget)
                : trainer.Holdout(planned.Trainer, planned.Parameters, holdout.Train, holdout.Test, definition.Images?.Flips == true, budget), budget);
            outcome = WithFlipPassIfBetter(outcome, definition);
            if (outcome.Flipped is not null)
                await tracker.LogAsync(trialRunId, new RunLog(Params: [new KeyValue(FlipPassParameter, outcome.Parameters[FlipPassParameter].ToString(CultureInfo.InvariantCulture))]),
                    run.RequestedBy, cancellationToken);
            var finite = outcome.Metrics.Where(m => double.IsFinite(m.Value)).ToDictionary();
            await tracker.LogAsync(trialRunId, new RunLog(
                Metrics: [.. finite.Select(m => new MetricValue(m.Key, m.Value)), new MetricValue("trainingSeconds", outcome.Duration.TotalSeconds)]),
                run.RequestedBy, cancellationToken);
            if (outcome.Confusion is { } confusion)
                await tracker.AttachArtifactAsync(trialRunId, "confusion_matrix.json", new MemoryStream(Encoding.UTF8.GetBytes(PipelineJson.Serialize(confusion))), run.RequestedBy, cancellationToken);
            if (outcome.FeatureImportance is { } importance)
                await tracker.AttachArtifactAsync(trialRunId, "feature_importance.json", new MemoryStream(Encoding.UTF8.GetBytes(PipelineJson.Serialize(importance))), run.RequestedBy, cancellationToken);
            await tracker.UpdateRunAsync(trialRunId, new RunUpdate(RunStatus.Finished, null), run.RequestedBy, CancellationToken.None);
            return new TrialResult(new TrialSummary(trialRunId, planned.Trainer.Name, outcome.Parameters, finite, outcome.Duration.TotalSeconds,
                Confusion: outcome.Confusion, Misclassified: outcome.Misclassified), outcome with { Metrics = finite }, false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await tracker.UpdateRunAsync(trialRunId, new RunUpdate(RunStatus.Killed, null), run.RequestedBy, CancellationToken.None);
            return new TrialResult(new TrialSummary(trialRunId, planned.Trainer.Name, planned.Parameters.Values, new Dictionary<string, double>(), 0,
                "Stopped: the search's time budget (maxMinutes) ran out."), null, true);
        }
        catch (OperationCanceledException)
        {
            await tracker.UpdateRunAsync(trialRunId, new RunUpdate(RunStatus.Killed, null), run.RequestedBy, CancellationToken.None);
            throw;
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            await tracker.LogAsync(trialRunId, new RunLog(Tags: [new KeyValue("error", Truncate(error.Message))]), run.RequestedBy, CancellationToken.None);
            await tracker.UpdateRunAsync(trialRunId, new RunUpdate(RunStatus.Failed, null), run.RequestedBy, CancellationToken.None);
            return new TrialResult(new TrialSummary(trialRunId, planned.Trainer.Name, planned.Parameters.Values, new Dictionary<string, double>(), 0, error.Message), null, false);
        }
    }

    /// <summary>
    /// With flips allowed, a trial keeps the flipped-image pass when it scores better by the optimise metric: its metrics
    /// and confusion matrix are then the pass's, and its parameters say <c>flipPass: 1</c> (else 0).
    /// </summary>
    private static TrialOutcome WithFlipPassIfBetter(TrialOutcome outcome, PipelineDefinition definition)
    {
        if (outcome.Flipped is not { } flipped) return outcome;
        var metric = definition.OptimizeMetric ?? MetricNames.DefaultFor(definition.Task);
        var better = flipped.Metrics.TryGetValue(metric, out var withFlips) && outcome.Metrics.TryGetValue(metric, out var without)
            && MetricNames.IsBetter(metric, withFlips, without);
        var parameters = new Dictionary<string, double>(outcome.Parameters) { [FlipPassParameter] = better ? 1 : 0 };
        return better
            ? outcome with { Parameters = parameters, Metrics = flipped.Metrics, Confusion = flipped.Confusion }
            : outcome with { Parameters = parameters };
    }

    private static bool UsesFlipPass(TrialOutcome outcome) => outcome.Parameters.TryGetValue(FlipPassParameter, out var flips) && flips == 1;

    private async Task RegisterBestAsync(
        PipelineRunRecord run, PipelineDefinition definition, DatasetVersionInfo version, MLContext ml, ModelTrainer trainer,
        PlannedTrial best, TrialOutcome outcome, string bestRunId, string metric, CancellationToken cancellationToken)
    {
        var model = await Task.Run(() => trainer.Fit(best.Trainer, best.Parameters, trainer.Prepared, cancellationToken), cancellationToken);
        using var zip = new MemoryStream();
        trainer.Save(model, best.Trainer, zip);
        zip.Position = 0;
        await tracker.AttachArtifactAsync(bestRunId, "model/model.zip", zip, run.RequestedBy, cancellationToken);
        await tracker.LogAsync(bestRunId, new RunLog(Tags: [new KeyValue("best", "true")]), run.RequestedBy, cancellationToken);

        if (definition.ModelName is { } modelName)
        {
            zip.Position = 0;
            var registered = await registry.RegisterVersionAsync(new NewModelVersion(
                modelName,
                definition.Task.ToString(),
                bestRunId,
                run.Id,
                new DatasetReference(version.Name, version.Version, version.ContentHash),
                trainer.Features.Select(f => new SchemaColumn(f.Name, f.Type.ToString(), f.Type == ColumnType.Image && UsesFlipPass(outcome))).ToList(),
                trainer.Classes.Count > 0 ? trainer.Classes : null,
                outcome.Metrics,
                definition.Description,
                ExportCheckRows: trainer.TestRows(definition.Validation?.TestFraction ?? PipelineDefinition.DefaultTestFraction,
                    definition.Validation?.Seed ?? PipelineDefinition.DefaultSeed)), zip, run.RequestedBy, cancellationToken);
            if (!registered.Succeeded) throw new InvalidOperationException($"The model could not be registered: {Describe(registered.Problems)}");
            run.ModelName = modelName;
            run.ModelVersion = registered.Value!.Version;
            await db.SaveChangesAsync(CancellationToken.None);

            if (definition.Promotion?.RequestProductionIfBetter == true)
                await RequestPromotionIfBetterAsync(run, ml, trainer, best, metric, modelName, registered.Value.Version, cancellationToken);
        }
    }

    /// <summary>Both models are scored on one test split; the candidate is refit on the rest so the comparison is fair to production.</summary>
    private async Task RequestPromotionIfBetterAsync(
        PipelineRunRecord run, MLContext ml, ModelTrainer trainer, PlannedTrial best, string metric, string modelName, int version, CancellationToken cancellationToken)
    {
        string reason;
        var production = await registry.LoadAsync(modelName, ModelSelector.ForAlias(IModelRegistry.ProductionAlias), cancellationToken);
        if (!production.Succeeded)
        {
            reason = $"Pipeline run {run.Id}: no version of {modelName} is in production yet.";
        }
        else
        {
            var (train, test) = trainer.Split(ComparisonTestFraction, seed: PipelineDefinition.DefaultSeed);
            var candidate = trainer.Score(await Task.Run(() => trainer.Fit(best.Trainer, best.Parameters, train, cancellationToken), cancellationToken), test).Metrics[metric];
            await using var stream = production.Value!.OpenRead();
            var incumbent = trainer.Score(ml.Model.Load(stream, out _), test).Metrics[metric];
            if (!MetricNames.IsBetter(metric, candidate, incumbent))
            {
                await audit.RecordAsync(new AuditEvent(run.RequestedBy, "pipeline.promotion-not-requested", "pipeline-run", run.Id,
                    $"{metric} {candidate:F4} does not beat production version {production.Value.Version.Version} ({incumbent:F4})"), CancellationToken.None);
                return;
            }

            reason = $"Pipeline run {run.Id}: {metric} {candidate:F4} beats production version {production.Value.Version.Version} ({incumbent:F4}) on the same test split.";
        }

        var request = await registry.RequestPromotionAsync(modelName, version, reason, run.RequestedBy, cancellationToken);
        if (request.Succeeded)
        {
            run.PromotionRequestId = request.Value!.Id;
            await db.SaveChangesAsync(CancellationToken.None);
        }
        else
        {
            logger.LogWarning("Pipeline run {RunId} could not request promotion: {Problem}", run.Id, Describe(request.Problems));
        }
    }

    private async Task FinishAsync(PipelineRunRecord run, PipelineRunStatus status, string? error)
    {
        run.Status = status;
        run.Error = error;
        run.FinishedAt = Now;
        if (status == PipelineRunStatus.Succeeded) run.Progress = 1;
        await db.SaveChangesAsync(CancellationToken.None);
        await audit.RecordAsync(new AuditEvent(run.RequestedBy, $"pipeline-run.{status.ToString().ToLowerInvariant()}", "pipeline-run", run.Id,
            error ?? (run.ModelVersion is { } v ? $"registered {run.ModelName} version {v}" : null)), CancellationToken.None);
    }

    private static int JsonTrialCount(PipelineRunRecord run) => PipelineJson.Deserialize<List<TrialSummary>>(run.TrialsJson).Count;

    private static string Describe(IReadOnlyDictionary<string, string[]> problems) => string.Join(" ", problems.Values.SelectMany(m => m));

    private static string Truncate(string text) => text.Length <= 1000 ? text : text[..1000];
}
