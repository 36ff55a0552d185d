namespace MlOps.Modules.Platform.Contracts;

public sealed class ClusterOptions
{
    /// <summary>How often a replica writes that it is alive, and looks for replicas that stopped doing so.</summary>
    public int HeartbeatSeconds { get; set; } = 5;

    /// <summary>A replica not seen for this long is dead: its running work is marked Interrupted.</summary>
    public int ReplicaTimeoutSeconds { get; set; } = 30;
}
