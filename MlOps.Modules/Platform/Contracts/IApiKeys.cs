namespace MlOps.Modules.Platform.Contracts;

public sealed record ApiKeySummary(string Id, string Name, string Role, string Prefix, DateTime CreatedAt, string CreatedBy, DateTime? LastUsedAt, DateTime? RevokedAt);

/// <summary>A freshly created key: the only time its secret is visible.</summary>
public sealed record CreatedApiKey(string Id, string Name, string Role, string Key);

public interface IApiKeys
{
    Task<IReadOnlyList<ApiKeySummary>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Creates a key that belongs to the person behind <paramref name="creator"/>, with a role no higher than the creator's.</summary>
    Task<OperationResult<CreatedApiKey>> CreateAsync(string name, string role, System.Security.Claims.ClaimsPrincipal creator, CancellationToken cancellationToken);

    Task<bool> RevokeAsync(string id, string actor, CancellationToken cancellationToken);
}
