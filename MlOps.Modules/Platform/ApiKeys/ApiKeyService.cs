using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using MlOps.Modules.Platform.Contracts;
using MlOps.Modules.Platform.Data;

namespace MlOps.Modules.Platform.ApiKeys;

internal sealed class ApiKeyService(
    IDbContextFactory<PlatformDbContext> contexts, ApiKeyCache cache, IAuditLog audit, TimeProvider clock) : IApiKeys
{
    public const string BootstrapKeyName = "bootstrap";

    public async Task<IReadOnlyList<ApiKeySummary>> ListAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var keys = await db.ApiKeys.AsNoTracking().ToListAsync(cancellationToken);
        return keys.OrderByDescending(k => k.CreatedAt).Select(ToSummary).ToList();
    }

    public async Task<OperationResult<CreatedApiKey>> CreateAsync(string name, string role, ClaimsPrincipal creator, CancellationToken cancellationToken)
    {
        var ceiling = Roles.HighestOf(creator);
        if (!Roles.IsAtMost(role, ceiling))
            return OperationResult<CreatedApiKey>.Fail(OperationError.Invalid, "role", $"A key acts for you, so its role can be at most your own ({ceiling ?? "none"}).");

        var (key, prefix) = ApiKeySecret.Generate();
        var record = await StoreAsync(name, role, key, prefix, creator.PersonId(), creator.ActorName(), cancellationToken);
        return OperationResult<CreatedApiKey>.Ok(new CreatedApiKey(record.Id, record.Name, record.Role, key));
    }

    public async Task<bool> RevokeAsync(string id, string actor, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var record = await db.ApiKeys.FirstOrDefaultAsync(k => k.Id == id, cancellationToken);
        if (record is null) return false;
        if (record.RevokedAt is null)
        {
            record.RevokedAt = clock.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync(cancellationToken);
            await cache.EvictAsync(cancellationToken);
            await audit.RecordAsync(new AuditEvent(actor, "api-key.revoked", "api-key", id, record.Name), cancellationToken);
        }

        return true;
    }

    /// <summary>Makes the configured bootstrap secret a working Admin key of the bootstrap Admin, replacing an older bootstrap secret.</summary>
    public async Task EnsureBootstrapKeyAsync(string key, string ownerId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var hash = ApiKeySecret.Hash(key);
        var existing = await db.ApiKeys.FirstOrDefaultAsync(k => k.Name == BootstrapKeyName && k.RevokedAt == null, cancellationToken);
        if (existing?.SecretHash == hash && existing.Role == Roles.Admin)
        {
            if (existing.OwnerId == ownerId) return;
            existing.OwnerId = ownerId;
            await db.SaveChangesAsync(cancellationToken);
            await cache.EvictAsync(cancellationToken);
            return;
        }

        if (existing is not null)
        {
            existing.RevokedAt = clock.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync(cancellationToken);
            await cache.EvictAsync(cancellationToken);
        }

        await StoreAsync(BootstrapKeyName, Roles.Admin, key, ApiKeySecret.PrefixOf(key), ownerId, "system", cancellationToken);
    }

    private async Task<ApiKeyRecord> StoreAsync(
        string name, string role, string key, string prefix, string? ownerId, string actor, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var record = new ApiKeyRecord
        {
            Id = Guid.CreateVersion7().ToString("N"),
            Name = name,
            Role = role,
            Prefix = prefix,
            SecretHash = ApiKeySecret.Hash(key),
            CreatedAt = clock.GetUtcNow().UtcDateTime,
            CreatedBy = actor,
            OwnerId = ownerId,
        };
        db.ApiKeys.Add(record);
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync(new AuditEvent(actor, "api-key.created", "api-key", record.Id, $"{name} ({role})"), cancellationToken);
        return record;
    }

    private static ApiKeySummary ToSummary(ApiKeyRecord k) =>
        new(k.Id, k.Name, k.Role, k.Prefix, k.CreatedAt, k.CreatedBy, k.LastUsedAt, k.RevokedAt);
}
