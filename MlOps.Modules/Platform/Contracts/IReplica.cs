namespace MlOps.Modules.Platform.Contracts;

/// <summary>This replica, as the other replicas on the database see it.</summary>
public interface IReplica
{
    /// <summary>The name stamped on the runs and jobs this replica claims (<c>MlOps:Instance</c>).</summary>
    string Name { get; }

    /// <summary>
    /// Completes once this replica's heartbeat is in the database and what an earlier process of the same name left
    /// running is marked Interrupted; work is claimed only after that, so no replica takes it for a dead one's.
    /// </summary>
    Task Started { get; }
}
