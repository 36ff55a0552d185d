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

    public async Task<CreatedApiKey> CreateAsync(string name, string role, string actor, CancellationToken cancellationToken)
    {
        var (key, prefix) = ApiKeySecret.Generate();
        var record = await StoreAsync(name, role, key, prefix, actor, cancellationToken);
        return new CreatedApiKey(record.Id, record.Name, record.Role, key);
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

    /// <summary>Makes the configured bootstrap secret a working Admin key, replacing an older bootstrap secret.</summary>
    public async Task EnsureBootstrapKeyAsync(string key, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var hash = ApiKeySecret.Hash(key);
        var existing = await db.ApiKeys.FirstOrDefaultAsync(k => k.Name == BootstrapKeyName && k.RevokedAt == null, cancellationToken);
        if (existing?.SecretHash == hash && existing.Role == Roles.Admin) return;
        if (existing is not null)
        {
            existing.RevokedAt = clock.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync(cancellationToken);
            await cache.EvictAsync(cancellationToken);
        }

        await StoreAsync(BootstrapKeyName, Roles.Admin, key, ApiKeySecret.PrefixOf(key), "system", cancellationToken);
    }

    private async Task<ApiKeyRecord> StoreAsync(string name, string role, string key, string prefix, string actor, CancellationToken cancellationToken)
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
        };
        db.ApiKeys.Add(record);
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync(new AuditEvent(actor, "api-key.created", "api-key", record.Id, $"{name} ({role})"), cancellationToken);
        return record;
    }

    private static ApiKeySummary ToSummary(ApiKeyRecord k) =>
        new(k.Id, k.Name, k.Role, k.Prefix, k.CreatedAt, k.CreatedBy, k.LastUsedAt, k.RevokedAt);
}
