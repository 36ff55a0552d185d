using System.Text.Json;
using MlOps.Modules.Experiments.Contracts;
using MlOps.Modules.Mlflow.Protocol;

namespace MlOps.Modules.Mlflow.Tracking;

/// <summary>MlOps's experiments and runs in MLflow's shapes.</summary>
internal static class Shapes
{
    public const string RunNameTag = "mlflow.runName";
    public const string UserTag = "mlflow.user";

    /// <summary>Tags under this prefix hold the dataset inputs MLflow's <c>log-inputs</c> recorded on a run.</summary>
    public const string DatasetTagPrefix = "mlflow.input.dataset.";

    public static string ExperimentArtifactLocation(string experimentId) => $"mlflow-artifacts:/{experimentId}";

    public static string RunArtifactUri(string experimentId, string runId) => $"mlflow-artifacts:/{experimentId}/{runId}/artifacts";

    public static MlflowExperiment Experiment(ExperimentSummary experiment)
    {
        var created = new DateTimeOffset(DateTime.SpecifyKind(experiment.CreatedAt, DateTimeKind.Utc)).ToUnixTimeMilliseconds();
        return new MlflowExperiment(experiment.Id, experiment.Name, ExperimentArtifactLocation(experiment.Id), Stage(experiment.Lifecycle), created, created,
            experiment.Tags.Select(t => new MlflowTag(t.Key, t.Value)).ToList());
    }

    public static MlflowRunInfo Info(RunDetails run) => new(
        run.Id,
        run.Id,
        run.Name,
        run.ExperimentId,
        run.Tags.GetValueOrDefault(UserTag) ?? "",
        Status(run.Status),
        Milliseconds(run.StartTime),
        run.EndTime is { } end ? Milliseconds(end) : null,
        RunArtifactUri(run.ExperimentId, run.Id),
        Stage(run.Lifecycle));

    public static MlflowRun Run(RunDetails run)
    {
        var tags = run.Tags.Where(t => !t.Key.StartsWith(DatasetTagPrefix, StringComparison.Ordinal))
            .Select(t => new MlflowTag(t.Key, t.Value)).ToList();
        if (!run.Tags.ContainsKey(RunNameTag)) tags.Add(new MlflowTag(RunNameTag, run.Name));
        var inputs = run.Tags.Where(t => t.Key.StartsWith(DatasetTagPrefix, StringComparison.Ordinal))
            .Select(t => JsonSerializer.Deserialize<MlflowDatasetInput>(t.Value, MlflowJson.Options)!).ToList();
        return new MlflowRun(
            Info(run),
            new MlflowRunData(
                run.Metrics.Select(m => new MlflowMetric(m.Key, m.Value)).ToList(),
                run.Params.Select(p => new MlflowParam(p.Key, p.Value)).ToList(),
                tags),
            new MlflowRunInputs(inputs));
    }

    /// <summary>MLflow's <c>lifecycle_stage</c>: <c>active</c> or <c>deleted</c>.</summary>
    public static string Stage(LifecycleStage stage) => stage.ToString().ToLowerInvariant();

    /// <summary>MLflow's ViewType by name (ACTIVE_ONLY, DELETED_ONLY, ALL); absent means ACTIVE_ONLY.</summary>
    public static bool TryParseView(string? text, out LifecycleView view)
    {
        view = text?.ToUpperInvariant() switch
        {
            null or "" or "ACTIVE_ONLY" => LifecycleView.ActiveOnly,
            "DELETED_ONLY" => LifecycleView.DeletedOnly,
            "ALL" => LifecycleView.All,
            _ => (LifecycleView)(-1),
        };
        return Enum.IsDefined(view);
    }

    public static IResult InvalidView(string field, string? text) =>
        MlflowReply.Invalid($"'{text}' is not a {field}; use ACTIVE_ONLY, DELETED_ONLY or ALL.");

    public static string Status(RunStatus status) => status.ToString().ToUpperInvariant();

    public static bool TryParseStatus(string text, out RunStatus status) =>
        Enum.TryParse(text, ignoreCase: true, out status) && Enum.IsDefined(status) && !text.Any(char.IsAsciiDigit);

    public static long Milliseconds(DateTime time) => new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)).ToUnixTimeMilliseconds();

    public static DateTime Time(long milliseconds) => DateTimeOffset.FromUnixTimeMilliseconds(milliseconds).UtcDateTime;
}
