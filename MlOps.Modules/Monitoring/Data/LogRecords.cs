namespace MlOps.Modules.Monitoring.Data;

/// <summary>A scored record. <see cref="Inputs"/> and <see cref="Probabilities"/> are JSON objects.</summary>
internal sealed class PredictionRecord
{
    public long Id { get; init; }
    public DateTime At { get; init; }
    public required string Model { get; init; }
    public int Version { get; init; }
    public string? Alias { get; init; }
    public required string RequestId { get; init; }
    public int RecordIndex { get; init; }
    public required string Caller { get; init; }
    public required string Inputs { get; init; }
    public string? Label { get; init; }
    public double? Value { get; init; }
    public string? Probabilities { get; init; }
    public double LatencyMs { get; init; }
}

/// <summary>A predict request answered with an error; <see cref="Version"/> is null when none was resolved.</summary>
internal sealed class FailureRecord
{
    public long Id { get; init; }
    public DateTime At { get; init; }
    public required string Model { get; init; }
    public int? Version { get; init; }
    public string? Alias { get; init; }
    public int StatusCode { get; init; }
    public double LatencyMs { get; init; }
    public required string Caller { get; init; }
    public required string RequestId { get; init; }
}

/// <summary>
/// Ground truth for one logged prediction. Model, version and prediction time are copied from the prediction so
/// that performance over a window reads the (sparse) feedback by index instead of every prediction.
/// </summary>
internal sealed class FeedbackRecord
{
    public long PredictionId { get; init; }
    public required string Model { get; init; }
    public int Version { get; init; }
    public DateTime PredictionAt { get; init; }
    public required string Actual { get; set; }
    public double? ActualValue { get; set; }
    public DateTime ReceivedAt { get; set; }
    public required string ReceivedBy { get; set; }
}
