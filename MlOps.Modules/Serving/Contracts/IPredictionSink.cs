namespace MlOps.Modules.Serving.Contracts;

/// <summary>
/// One scored record, as handed to every <see cref="IPredictionSink"/> after the response is on its way.
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
/// Receives predictions off the request path (Monitoring implements it; register in DI). Serving queues events
/// in a bounded buffer and drops them rather than slow a request when sinks fall behind.
/// </summary>
public interface IPredictionSink
{
    ValueTask HandleAsync(PredictionEvent prediction, CancellationToken cancellationToken);
}
