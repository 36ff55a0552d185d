using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using MlOps.Modules.Experiments.Contracts;
using MlOps.Modules.Mlflow.Protocol;
using MlOps.Modules.Platform.Contracts;

namespace MlOps.Modules.Mlflow.Tracking;

internal static partial class RunRoutes
{
    private const int DefaultRunsPerPage = 1000;
    private const int MostRunsPerPage = 1000;
    private const int DefaultHistoryPerPage = 25_000;

    public static void MapRunRoutes(this IEndpointRouteBuilder mlflow)
    {
        mlflow.MapPost("/runs/create", CreateAsync).Writes().Accepts<CreateRunRequest>("application/json")
            .WithName("MlflowCreateRun").WithSummary("MLflow CreateRun: answers {run}");
        mlflow.MapGet("/runs/get", GetAsync).WithName("MlflowGetRun").WithSummary("MLflow GetRun (?run_id=)");
        mlflow.MapPost("/runs/update", UpdateAsync).Writes().Accepts<UpdateRunRequest>("application/json")
            .WithName("MlflowUpdateRun").WithSummary("MLflow UpdateRun: ends a run (FINISHED, FAILED, KILLED) or renames it");
        mlflow.MapPost("/runs/search", SearchAsync).Accepts<SearchRunsRequest>("application/json")
            .WithName("MlflowSearchRuns").WithSummary("MLflow SearchRuns: the filter and order_by run as MlOps's run search");
        mlflow.MapPost("/runs/log-metric", LogMetricAsync).Writes().Accepts<LogMetricRequest>("application/json")
            .WithName("MlflowLogMetric").WithSummary("MLflow LogMetric");
        mlflow.MapPost("/runs/log-parameter", LogParamAsync).Writes().Accepts<RunKeyValueRequest>("application/json")
            .WithName("MlflowLogParam").WithSummary("MLflow LogParam: params cannot change once set");
        mlflow.MapPost("/runs/set-tag", SetTagAsync).Writes().Accepts<RunKeyValueRequest>("application/json")
            .WithName("MlflowSetTag").WithSummary("MLflow SetTag");
        mlflow.MapPost("/runs/delete-tag", DeleteTagAsync).Writes().Accepts<RunKeyValueRequest>("application/json")
            .WithName("MlflowDeleteTag").WithSummary("MLflow DeleteTag");
        mlflow.MapPost("/runs/log-batch", LogBatchAsync).Writes().Accepts<LogBatchRequest>("application/json")
            .WithName("MlflowLogBatch").WithSummary("MLflow LogBatch: up to 1000 metrics, 100 params and 100 tags, all or nothing");
        mlflow.MapPost("/runs/log-inputs", LogInputsAsync).Writes().Accepts<LogInputsRequest>("application/json")
            .WithName("MlflowLogInputs").WithSummary("MLflow LogInputs: dataset inputs are kept with the run");
        mlflow.MapPost("/runs/delete", DeleteAsync).Writes().Accepts<RunIdRequest>("application/json")
            .WithName("MlflowDeleteRun").WithSummary("MLflow DeleteRun: a soft delete; the run keeps its data, lineage and audit trail");
        mlflow.MapPost("/runs/restore", RestoreAsync).Writes().Accepts<RunIdRequest>("application/json")
            .WithName("MlflowRestoreRun").WithSummary("MLflow RestoreRun");
        mlflow.MapGet("/metrics/get-history", GetHistoryAsync).WithName("MlflowGetMetricHistory").WithSummary("MLflow GetMetricHistory (?run_id=&metric_key=)");
    }

    private static async Task<IResult> CreateAsync(
        MlflowRequest<CreateRunRequest> request, IExperimentCatalog catalog, IExperimentTracker tracker, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var fields = request.Fields;
        var experiment = await DefaultExperiment.FindAsync(catalog, fields.ExperimentId ?? DefaultExperiment.Id, cancellationToken);
        if (experiment is null) return MlflowReply.Missing($"No experiment with id '{fields.ExperimentId}' exists.");
        var tags = (fields.Tags ?? []).GroupBy(t => t.Key).ToDictionary(g => g.Key, g => g.Last().Value);
        var name = fields.RunName ?? tags.GetValueOrDefault(Shapes.RunNameTag);
        if (name is not null && tags.GetValueOrDefault(Shapes.RunNameTag) is { } tagged && tagged != name)
            return MlflowReply.Invalid($"Both 'run_name' ('{name}') and the tag '{Shapes.RunNameTag}' ('{tagged}') are set, and they differ.");
        if (!string.IsNullOrEmpty(fields.UserId)) tags.TryAdd(Shapes.UserTag, fields.UserId);

        var created = await tracker.CreateRunAsync(experiment.Id, new NewRun(name, tags), user.ActorName(), cancellationToken);
        if (!created.Succeeded) return MlflowReply.Failed(created);
        var run = await catalog.GetRunAsync(created.Value!.Id, cancellationToken);
        return MlflowReply.Ok(new { run = Shapes.Run(run!) });
    }

    private static async Task<IResult> GetAsync(MlflowRequest<RunIdRequest> request, IExperimentCatalog catalog, CancellationToken cancellationToken) =>
        await catalog.GetRunAsync(request.Fields.Id ?? "", cancellationToken) is { } run
            ? MlflowReply.Ok(new { run = Shapes.Run(run) })
            : RunMissing(request.Fields.Id);

    private static async Task<IResult> UpdateAsync(
        MlflowRequest<UpdateRunRequest> request, IExperimentCatalog catalog, IExperimentTracker tracker, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var fields = request.Fields;
        var run = await catalog.GetRunAsync(fields.Id ?? "", cancellationToken);
        if (run is null) return RunMissing(fields.Id);
        RunStatus? status = null;
        if (fields.Status is not null)
        {
            if (!Shapes.TryParseStatus(fields.Status, out var parsed))
                return MlflowReply.Invalid($"'{fields.Status}' is not a run status; use RUNNING, FINISHED, FAILED or KILLED.");
            // Clients resend the current status when they only rename a run.
            if (parsed != run.Status) status = parsed;
        }

        if (status is null && fields.RunName is null) return MlflowReply.Ok(new { run_info = Shapes.Info(run) });
        var updated = await tracker.UpdateRunAsync(run.Id, new RunUpdate(status, fields.RunName), user.ActorName(), cancellationToken);
        return MlflowReply.OkOr(updated, r => new { run_info = Shapes.Info(r) });
    }

    private static async Task<IResult> SearchAsync(MlflowRequest<SearchRunsRequest> request, IExperimentCatalog catalog, CancellationToken cancellationToken)
    {
        var fields = request.Fields;
        if (fields.ExperimentIds is not { Count: > 0 }) return MlflowReply.Invalid("Name at least one experiment in 'experiment_ids'.");
        if (!Shapes.TryParseView(fields.RunViewType, out var view)) return Shapes.InvalidView("run_view_type", fields.RunViewType);
        if (!PageToken.TryRead(fields.PageToken, fields.MaxResults, DefaultRunsPerPage, MostRunsPerPage, out var page, out var problem))
            return MlflowReply.Invalid(problem!);
        var experimentIds = new List<string>(fields.ExperimentIds.Count);
        foreach (var id in fields.ExperimentIds)
        {
            var experiment = id == DefaultExperiment.Id ? await DefaultExperiment.FindAsync(catalog, id, cancellationToken) : null;
            experimentIds.Add(experiment?.Id ?? id);
        }

        var order = fields.OrderBy?.Select(OrderTerm).ToList();
        var found = await catalog.SearchRunsAsync(new RunQuery(experimentIds, BackquoteKeys(fields.Filter), order, page, view), cancellationToken);
        return MlflowReply.OkOr(found, runs => new { runs = runs.Items.Select(Shapes.Run).ToList(), next_page_token = PageToken.Next(runs) });
    }

    private static Task<IResult> DeleteAsync(
        MlflowRequest<RunIdRequest> request, IExperimentTracker tracker, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        SetLifecycleAsync(request.Fields.Id, LifecycleStage.Deleted, tracker, user, cancellationToken);

    private static Task<IResult> RestoreAsync(
        MlflowRequest<RunIdRequest> request, IExperimentTracker tracker, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        SetLifecycleAsync(request.Fields.Id, LifecycleStage.Active, tracker, user, cancellationToken);

    private static async Task<IResult> SetLifecycleAsync(string? runId, LifecycleStage stage, IExperimentTracker tracker, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(runId)) return MlflowReply.Invalid("Missing value for required parameter 'run_id'.");
        var changed = await tracker.SetRunLifecycleAsync(runId, stage, user.ActorName(), cancellationToken);
        return changed.Succeeded ? MlflowReply.Done() : MlflowReply.Failed(changed);
    }

    private static Task<IResult> LogMetricAsync(
        MlflowRequest<LogMetricRequest> request, IExperimentTracker tracker, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var f = request.Fields;
        if (f.Key is null || f.Value is null) return Task.FromResult(MlflowReply.Invalid("Missing value for required parameter 'key' or 'value'."));
        return LogAsync(tracker, f.Id, new RunLog(Metrics: [ToMetric(f.Key, f.Value.Value, f.Timestamp, f.Step)]), user, cancellationToken);
    }

    private static Task<IResult> LogParamAsync(
        MlflowRequest<RunKeyValueRequest> request, IExperimentTracker tracker, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        LogAsync(tracker, request.Fields.Id, new RunLog(Params: [new KeyValue(request.Fields.Key!, request.Fields.Value!)]), user, cancellationToken);

    private static Task<IResult> SetTagAsync(
        MlflowRequest<RunKeyValueRequest> request, IExperimentTracker tracker, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        LogAsync(tracker, request.Fields.Id, new RunLog(Tags: [new KeyValue(request.Fields.Key!, request.Fields.Value!)]), user, cancellationToken);

    private static async Task<IResult> DeleteTagAsync(
        MlflowRequest<RunKeyValueRequest> request, IExperimentTracker tracker, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var deleted = await tracker.DeleteTagAsync(request.Fields.Id ?? "", request.Fields.Key ?? "", user.ActorName(), cancellationToken);
        return deleted.Succeeded ? MlflowReply.Done() : MlflowReply.Failed(deleted);
    }

    private static Task<IResult> LogBatchAsync(
        MlflowRequest<LogBatchRequest> request, IExperimentTracker tracker, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var f = request.Fields;
        var log = new RunLog(
            f.Metrics?.Select(m => ToMetric(m.Key, m.Value, m.Timestamp, m.Step)).ToList(),
            f.Params?.Select(p => new KeyValue(p.Key, p.Value)).ToList(),
            f.Tags?.Select(t => new KeyValue(t.Key, t.Value)).ToList());
        return LogAsync(tracker, f.RunId, log, user, cancellationToken);
    }

    private static Task<IResult> LogInputsAsync(
        MlflowRequest<LogInputsRequest> request, IExperimentTracker tracker, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var datasets = request.Fields.Datasets ?? [];
        if (datasets.Any(d => d?.Dataset?.Name is null || d.Dataset.Digest is null))
            return Task.FromResult(MlflowReply.Invalid("Every dataset input needs a dataset with a name and a digest."));
        var tags = datasets.Select(d => new KeyValue(DatasetTag(d.Dataset), JsonSerializer.Serialize(d, MlflowJson.Options))).ToList();
        return LogAsync(tracker, request.Fields.RunId, new RunLog(Tags: tags), user, cancellationToken);
    }

    private static async Task<IResult> GetHistoryAsync(MlflowRequest<MetricHistoryRequest> request, IExperimentCatalog catalog, CancellationToken cancellationToken)
    {
        var f = request.Fields;
        if (string.IsNullOrEmpty(f.MetricKey)) return MlflowReply.Invalid("Missing value for required parameter 'metric_key'.");
        if (!PageToken.TryRead(f.PageToken, f.MaxResults, DefaultHistoryPerPage, DefaultHistoryPerPage, out var page, out var problem))
            return MlflowReply.Invalid(problem!);
        var history = await catalog.GetMetricHistoryAsync(f.Id ?? "", f.MetricKey, cancellationToken);
        if (history is null) return RunMissing(f.Id);
        var points = history.History.Skip(page.Skip).Take(page.PageSize)
            .Select(p => new MlflowMetric(f.MetricKey, p.Value, Shapes.Milliseconds(p.Timestamp), p.Step)).ToList();
        return MlflowReply.Ok(new { metrics = points, next_page_token = PageToken.Next(page, history.History.Count) });
    }

    private static async Task<IResult> LogAsync(IExperimentTracker tracker, string? runId, RunLog log, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(runId)) return MlflowReply.Invalid("Missing value for required parameter 'run_id'.");
        var logged = await tracker.LogAsync(runId, log, user.ActorName(), cancellationToken);
        return logged.Succeeded ? MlflowReply.Done() : MlflowReply.Failed(logged);
    }

    private static MetricValue ToMetric(string key, double value, long? timestamp, long? step) =>
        new(key, value, step ?? 0, timestamp is { } ms ? Shapes.Time(ms) : null);

    /// <summary>One tag per dataset, named by a hash because dataset names may hold characters tag keys may not.</summary>
    private static string DatasetTag(MlflowDataset dataset) =>
        Shapes.DatasetTagPrefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{dataset.Name}\n{dataset.Digest}")))[..16];

    private static IResult RunMissing(string? runId) => MlflowReply.Missing($"Run '{runId}' not found.");

    /// <summary>MLflow orders by a bare attribute (<c>start_time DESC</c>) where MlOps wants <c>attributes.start_time</c>.</summary>
    private static string OrderTerm(string term)
    {
        var trimmed = BackquoteKeys(term)!.Trim();
        return trimmed.StartsWith('`') || KeyPrefix().IsMatch(trimmed) ? trimmed : "attributes." + trimmed;
    }

    /// <summary>MLflow quotes a key with spaces as <c>metrics."my key"</c> as well as with backquotes; MlOps knows backquotes.</summary>
    private static string? BackquoteKeys(string? filter) => filter is null ? null : DoubleQuotedKey().Replace(filter, "$1`$2`");

    [GeneratedRegex(@"^(?i:metrics?|params?|tags?|attributes?|attr)\.")]
    private static partial Regex KeyPrefix();

    [GeneratedRegex(@"\b((?i:metrics?|params?|tags?|attributes?|attr)\.)""([^""`]*)""")]
    private static partial Regex DoubleQuotedKey();
}
