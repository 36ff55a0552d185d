namespace MlOps.Modules.Serving.Contracts;

/// <summary>
/// A predict request that was answered with an error (4xx or 5xx). <see cref="Version"/> is null when no version
/// was resolved (unknown model, version or alias); <see cref="Latency"/> is the handler's time until it answered.
/// </summary>
public sealed record PredictionFailure(
    string Model,
    int? Version,
    string? Alias,
    int StatusCode,
    TimeSpan Latency,
    string Caller,
    string RequestId,
    DateTime At)
{
    /// <summary>
    /// Whether a predict answer with this status is the caller's own mistake (a malformed record, an unknown version:
    /// any 4xx but 409) rather than the model's failure (a 5xx, or a 409: the version cannot serve, as when it failed
    /// to load).
    /// </summary>
    public static bool IsCallersMistake(int statusCode) => statusCode is >= 400 and < 500 and not 409;
}

/// <summary>
/// Receives failed predict requests, on the same terms as <see cref="IPredictionSink"/>: called on the request's
/// thread, it must return at once (Monitoring implements it; register in DI).
/// </summary>
public interface IPredictionFailureSink
{
    void Handle(PredictionFailure failure);
}
