using MlOps.Tests.Support;

namespace MlOps.Tests.Platform.Cluster;

/// <summary>A host with a replica name of its own (<c>MlOps:Instance</c>), so two of them over one database are two replicas.</summary>
public sealed class ReplicaFactory(string instance) : MlOpsFactory
{
    public string Instance { get; } = instance;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["MlOps:Instance"] = Instance };
}
