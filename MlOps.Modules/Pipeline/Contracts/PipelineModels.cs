using System.Text.Json;
using System.Text.Json.Serialization;

namespace MlOps.Modules.Pipeline.Contracts;

public sealed record SearchSettings(SearchStrategy Strategy = SearchStrategy.Grid, int MaxTrials = 10, double MaxMinutes = 30);

/// <summary>Either a holdout split (<see cref="TestFraction"/>, <see cref="Seed"/>) or k-fold cross-validation (<see cref="Folds"/>).</summary>
public sealed record ValidationSettings(double? TestFraction = null, int? Seed = null, int? Folds = null);

public sealed record ScheduleSettings(string Cron, bool Enabled = true);

public sealed record PromotionSettings(bool RequestProductionIfBetter);

/// <summary>
/// How an image pipeline may read its pictures. <see cref="Flips"/>: the task allows horizontal flips (a mirrored cat is
/// a cat, a mirrored digit is not a digit), so each trial is also scored with the flipped-image pass (a picture's scores
/// and its mirror image's averaged) and keeps it when that scores better; off by default.
/// </summary>
public sealed record ImageSettings(bool Flips = false);

/// <summary>
/// A declarative training pipeline, as posted in JSON or YAML. <see cref="RetrainOnDrift"/> lets Monitoring start a run
/// when the registered model's inputs drift from its training data; the new version still needs an approved promotion.
/// </summary>
public sealed record PipelineDefinition(
    [property: JsonRequired] string Name,
    [property: JsonRequired] string Dataset,
    [property: JsonRequired] TrainingTask Task,
    [property: JsonRequired] string Label,
    [property: JsonRequired] IReadOnlyList<string> Trainers,
    int? DatasetVersion = null,
    IReadOnlyList<string>? Features = null,
    IReadOnlyList<string>? Ignore = null,
    SearchSettings? Search = null,
    ValidationSettings? Validation = null,
    string? OptimizeMetric = null,
    [property: JsonConverter(typeof(RegisterModelConverter))] string? RegisterModel = null,
    ScheduleSettings? Schedule = null,
    PromotionSettings? Promotion = null,
    string? Description = null,
    bool RetrainOnDrift = false,
    ImageSettings? Images = null)
{
    public const double DefaultTestFraction = 0.2;
    public const int DefaultSeed = 1;

    /// <summary>The registered model's name: <see cref="RegisterModel"/> when it names one, the pipeline's name when it was <c>true</c>.</summary>
    public string? ModelName => RegisterModel switch
    {
        null => null,
        RegisterModelConverter.SameAsPipeline => Name,
        var name => name,
    };
}

/// <summary>Accepts <c>"registerModel": "penguins-species"</c> and also <c>true</c> (register under the pipeline's name) or <c>false</c>.</summary>
public sealed class RegisterModelConverter : JsonConverter<string?>
{
    public const string SameAsPipeline = "";

    public override bool HandleNull => true;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.True => SameAsPipeline,
        JsonTokenType.False or JsonTokenType.Null => null,
        JsonTokenType.String => reader.GetString(),
        _ => throw new JsonException("registerModel is a model name, true or false."),
    };

    public override void Write(Utf8JsonWriter writer, string? value, JsonSerializerOptions options)
    {
        if (value is null) writer.WriteBooleanValue(false);
        else if (value == SameAsPipeline) writer.WriteBooleanValue(true);
        else writer.WriteStringValue(value);
    }
}

public enum PipelineRunStatus
{
    Queued,
    Running,
    Succeeded,
    Failed,
    Cancelled,
    Interrupted,
}

public sealed record PipelineSummary(string Name, string Dataset, TrainingTask Task, string? Description, DateTime UpdatedAt, ScheduleSettings? Schedule, PipelineRunStatus? LastRunStatus, DateTime? LastRunAt);

public sealed record PipelineDetails(PipelineDefinition Definition, DateTime CreatedAt, string CreatedBy, DateTime UpdatedAt, IReadOnlyList<DateTime> NextFireTimes);

public sealed record TrialSummary(
    string? RunId,
    string Trainer,
    IReadOnlyDictionary<string, double> Params,
    IReadOnlyDictionary<string, double> Metrics,
    double Seconds,
    string? Error = null,
    ConfusionMatrixData? Confusion = null,
    IReadOnlyList<MisclassifiedImage>? Misclassified = null);

public sealed record ModelVersionReference(string Name, int Version);

public sealed record PipelineRunDetails(
    string Id,
    string Pipeline,
    PipelineRunStatus Status,
    double Progress,
    string Dataset,
    int? DatasetVersion,
    IReadOnlyList<TrialSummary> Trials,
    int PlannedTrials,
    string? BestRunId,
    string? OptimizeMetric,
    double? BestMetric,
    ModelVersionReference? ModelVersion,
    string? PromotionRequestId,
    string? Error,
    string Trigger,
    string RequestedBy,
    DateTime QueuedAt,
    DateTime? StartedAt,
    DateTime? FinishedAt,
    string? ProgressDetail = null,
    string? Instance = null);
