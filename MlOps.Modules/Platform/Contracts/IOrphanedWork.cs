namespace MlOps.Modules.Platform.Contracts;

/// <summary>
/// Work a module runs on one replica at a time (pipeline runs, batch jobs). When a replica stops heartbeating, the
/// others call this to mark what it had running as Interrupted, audited; each item is marked once however many call.
/// </summary>
public interface IOrphanedWork
{
    /// <summary>Interrupts running work whose replica is not among <paramref name="liveReplicas"/>.</summary>
    Task InterruptAsync(IReadOnlyCollection<string> liveReplicas, CancellationToken cancellationToken);
}
