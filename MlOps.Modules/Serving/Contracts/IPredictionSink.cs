namespace MlOps.Modules.Serving.Contracts;

/// <summary>
/// One scored record, as handed to every <see cref="IPredictionSink"/>.
/// <see cref="Index"/> is the record's 0-based position in its request: a request with several records
/// (JSON list, CSV) shares one <see cref="RequestId"/>, and its first record has index 0.
/// </summary>
public sealed record PredictionEvent(
    string Model,
    int Version,
    string? Alias,
    IReadOnlyDictionary<string, object?> Inputs,
    Prediction Output,
    TimeSpan Latency,
    string Caller,
    string RequestId,
    DateTime At,
    int Index);

/// <summary>
/// Receives every prediction (Monitoring implements it; register in DI). It is called on the request's thread once
/// the record is scored, so it must return at once and never block: queue the work, and drop (and count) rather
/// than wait when the queue is full. An exception is logged and counted as a dropped event.
/// </summary>
public interface IPredictionSink
{
    void Handle(PredictionEvent prediction);
}
