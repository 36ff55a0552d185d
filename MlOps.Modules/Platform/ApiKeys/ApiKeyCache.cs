using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using MlOps.Modules.Platform.Data;

namespace MlOps.Modules.Platform.ApiKeys;

internal sealed record ActiveApiKey(string Id, string Name, string Role);

/// <summary>
/// Keeps key look-ups off the database on hot paths such as prediction. Entries live briefly and
/// revocation evicts at once; last-used times are written at most once a minute per key.
/// </summary>
internal sealed class ApiKeyCache(IDbContextFactory<PlatformDbContext> contexts, TimeProvider clock)
{
    private static readonly TimeSpan EntryLifetime = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, (ActiveApiKey? Key, DateTimeOffset Expires)> _byHash = new();
    private readonly ConcurrentDictionary<string, DateTimeOffset> _lastUsedWritten = new();

    public async Task<ActiveApiKey?> FindAsync(string key, CancellationToken cancellationToken)
    {
        var hash = ApiKeySecret.Hash(key);
        var now = clock.GetUtcNow();
        if (!_byHash.TryGetValue(hash, out var cached) || cached.Expires <= now)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var found = await db.ApiKeys.AsNoTracking()
                .Where(k => k.SecretHash == hash && k.RevokedAt == null)
                .Select(k => new ActiveApiKey(k.Id, k.Name, k.Role))
                .FirstOrDefaultAsync(cancellationToken);
            cached = (found, now + EntryLifetime);
            _byHash[hash] = cached;
        }

        if (cached.Key is { } active) await TouchAsync(active.Id, now, cancellationToken);
        return cached.Key;
    }

    public void Evict() => _byHash.Clear();

    private async Task TouchAsync(string id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (_lastUsedWritten.TryGetValue(id, out var written) && now - written < LastUsedResolution) return;
        _lastUsedWritten[id] = now;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.ApiKeys.Where(k => k.Id == id)
            .ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, now.UtcDateTime), cancellationToken);
    }
}
