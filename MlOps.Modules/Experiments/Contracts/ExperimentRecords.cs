using MlOps.Modules.Platform.Contracts;

namespace MlOps.Modules.Experiments.Contracts;

public enum RunStatus
{
    Running,
    Finished,
    Failed,
    Killed,
}

/// <summary>Deleting is a soft delete: a deleted experiment or run keeps all its data, lineage and audit trail, and can be restored.</summary>
public enum LifecycleStage
{
    Active,
    Deleted,
}

/// <summary>Which lifecycle stages a list shows; lists show active experiments and runs unless asked otherwise.</summary>
public enum LifecycleView
{
    ActiveOnly,
    DeletedOnly,
    All,
}

/// <summary><see cref="RunCount"/> counts the experiment's active runs.</summary>
public sealed record ExperimentSummary(
    string Id, string Name, string? Description, IReadOnlyDictionary<string, string> Tags, DateTime CreatedAt, string CreatedBy, int RunCount,
    LifecycleStage Lifecycle = LifecycleStage.Active);

public sealed record NewExperiment(string Name, string? Description = null, IReadOnlyDictionary<string, string>? Tags = null);

public sealed record NewRun(string? Name = null, IReadOnlyDictionary<string, string>? Tags = null, IReadOnlyDictionary<string, string>? Params = null);

public sealed record RunCreated(string Id, string ExperimentId, string Name, RunStatus Status, DateTime StartTime);

public sealed record RunDetails(
    string Id,
    string ExperimentId,
    string Name,
    RunStatus Status,
    DateTime StartTime,
    DateTime? EndTime,
    IReadOnlyDictionary<string, string> Params,
    IReadOnlyDictionary<string, double> Metrics,
    IReadOnlyDictionary<string, string> Tags,
    LifecycleStage Lifecycle = LifecycleStage.Active);

public sealed record RunUpdate(RunStatus? Status, string? Name);

public sealed record MetricValue(string Key, double Value, long? Step = null, DateTime? Timestamp = null);

public sealed record KeyValue(string Key, string Value);

/// <summary>One call's worth of tracking data; params are write-once, tags overwrite, metrics append.</summary>
public sealed record RunLog(IReadOnlyList<MetricValue>? Metrics = null, IReadOnlyList<KeyValue>? Params = null, IReadOnlyList<KeyValue>? Tags = null);

public sealed record LogReceipt(string RunId, int Metrics, int Params, int Tags);

public sealed record MetricPoint(double Value, long Step, DateTime Timestamp);

public sealed record MetricHistory(string Key, IReadOnlyList<MetricPoint> History);

public sealed record ArtifactInfo(string Path, bool IsDirectory, long? Size, string? Sha256);

/// <summary>The metric, param and tag keys any run of an experiment has logged: the columns a runs table can show.</summary>
public sealed record ExperimentKeys(IReadOnlyList<string> Metrics, IReadOnlyList<string> Params, IReadOnlyList<string> Tags);

public sealed record RunQuery(IReadOnlyList<string> ExperimentIds, string? Filter, IReadOnlyList<string>? OrderBy, PageRequest Page, LifecycleView View = LifecycleView.ActiveOnly);
