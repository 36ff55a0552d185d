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
    DateTime At);

/// <summary>
/// Receives failed predict requests, on the same terms as <see cref="IPredictionSink"/>: called on the request's
/// thread, it must return at once (Monitoring implements it; register in DI).
/// </summary>
public interface IPredictionFailureSink
{
    void Handle(PredictionFailure failure);
}
