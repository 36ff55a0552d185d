using MlOps.Modules.Experiments.Contracts;

namespace MlOps.Modules.Experiments.Data;

internal sealed class ExperimentRecord
{
    public long Id { get; init; }
    public required string Name { get; set; }
    public string? Description { get; init; }
    public string TagsJson { get; init; } = "{}";
    public required DateTime CreatedAt { get; init; }
    public required string CreatedBy { get; init; }
    public DateTime? DeletedAt { get; set; }
}

/// <summary>Times are Unix milliseconds so the search SQL compares and sorts them as plain integers.</summary>
internal sealed class RunRecord
{
    public long Id { get; init; }
    public long ExperimentId { get; init; }
    public required string Name { get; set; }
    public RunStatus Status { get; set; }
    public long StartTime { get; init; }
    public long? EndTime { get; set; }
    public required string CreatedBy { get; init; }
    public long? DeletedAt { get; set; }
}

internal sealed class RunParamRecord
{
    public long RunId { get; init; }
    public required string Key { get; init; }
    public required string Value { get; init; }
}

internal sealed class RunTagRecord
{
    public long RunId { get; init; }
    public required string Key { get; init; }
    public required string Value { get; set; }
}

internal sealed class LatestMetricRecord
{
    public long RunId { get; init; }
    public required string Key { get; init; }
    public double Value { get; set; }
    public long Step { get; set; }
    public long Timestamp { get; set; }
}

/// <summary>
/// The points one call logged for one metric of a run, packed by <see cref="MetricPoints"/>: a thousand points per
/// call become a handful of rows, which is what lets SQLite take a hundred thousand points per second.
/// </summary>
internal sealed class MetricChunkRecord
{
    public long Id { get; init; }
    public long RunId { get; init; }
    public required string Key { get; init; }
    public int Count { get; init; }
    public required byte[] Points { get; init; }
}

internal enum KeyKind
{
    Metric = 0,
    Param = 1,
    Tag = 2,
}

/// <summary>Every key an experiment's runs have used, so column pickers need not scan a million rows.</summary>
internal sealed class ExperimentKeyRecord
{
    public long ExperimentId { get; init; }
    public KeyKind Kind { get; init; }
    public required string Key { get; init; }
}

internal sealed class RunArtifactRecord
{
    public long RunId { get; init; }
    public required string Path { get; init; }
    public long Size { get; set; }
    public required string Sha256 { get; set; }
    public DateTime StoredAt { get; set; }
}
