namespace MlOps.Modules.Platform.Contracts;

public sealed record ApiKeySummary(string Id, string Name, string Role, string Prefix, DateTime CreatedAt, string CreatedBy, DateTime? LastUsedAt, DateTime? RevokedAt);

/// <summary>A freshly created key: the only time its secret is visible.</summary>
public sealed record CreatedApiKey(string Id, string Name, string Role, string Key);

public interface IApiKeys
{
    Task<IReadOnlyList<ApiKeySummary>> ListAsync(CancellationToken cancellationToken);

    Task<CreatedApiKey> CreateAsync(string name, string role, string actor, CancellationToken cancellationToken);

    Task<bool> RevokeAsync(string id, string actor, CancellationToken cancellationToken);
}
