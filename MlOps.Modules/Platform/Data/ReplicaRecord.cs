namespace MlOps.Modules.Platform.Data;

/// <summary>A replica's heartbeat: it writes <see cref="LastSeenAt"/> every few seconds while it runs.</summary>
internal sealed class ReplicaRecord
{
    public required string Name { get; init; }
    public required DateTime StartedAt { get; set; }
    public required DateTime LastSeenAt { get; set; }
}
