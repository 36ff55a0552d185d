namespace MlOps.Modules.Platform.Contracts;

/// <summary>
/// Tells every replica that something it may cache has changed (a revoked key, a moved alias), so replica-local caches
/// drop what they hold instead of guessing with timers. A signal reaches the replica that sends it too.
/// </summary>
public interface IReplicaSignals
{
    Task SignalAsync(string topic, CancellationToken cancellationToken);

    void Subscribe(string topic, Action onSignal);
}
