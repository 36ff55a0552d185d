using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using MlOps.Modules.Platform.Contracts;
using MlOps.Modules.Platform.Data;

namespace MlOps.Modules.Platform.ApiKeys;

/// <summary>A usable key: its role is the lower of its own and its owner's current role.</summary>
internal sealed record ActiveApiKey(string Id, string Name, string Role, string? OwnerId, string? OwnerEmail)
{
    public const string KeyIdClaim = "mlops:api_key_id";

    /// <summary>Built once per cache entry: the principal is never mutated, so requests can share it.</summary>
    public ClaimsPrincipal Principal { get; } = new(new ClaimsIdentity(
        ClaimsOf(Id, Name, Role, OwnerId, OwnerEmail), ApiKeyAuthenticationHandler.SchemeName));

    private static IEnumerable<Claim> ClaimsOf(string id, string name, string role, string? ownerId, string? ownerEmail)
    {
        yield return new Claim(ClaimTypes.Name, Contracts.Actors.ForKey(ownerEmail, name));
        yield return new Claim(ClaimTypes.Role, role);
        yield return new Claim(KeyIdClaim, id);
        if (ownerId is not null) yield return new Claim(ClaimTypes.NameIdentifier, ownerId);
    }

    /// <summary>The successful result, shared like the principal: an authenticated call allocates nothing for it.</summary>
    public AuthenticateResult Authenticated => _authenticated ??= AuthenticateResult.Success(new AuthenticationTicket(Principal, ApiKeyAuthenticationHandler.SchemeName));

    private AuthenticateResult? _authenticated;
}

/// <summary>
/// Keeps key look-ups off the database and off the hash function on hot paths such as prediction:
/// entries are found by the presented key, live briefly, and revocation evicts them at once; the
/// cache is bounded so floods of made-up keys cannot grow it. Last-used times are written at most
/// once a minute per key. A key whose owner is disabled or gone is not active; account changes evict the cache.
/// </summary>
internal sealed class ApiKeyCache(IDbContextFactory<PlatformDbContext> contexts, TimeProvider clock)
{
    private static readonly TimeSpan EntryLifetime = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    private const int MaxEntries = 10_000;

    private readonly ConcurrentDictionary<string, (ActiveApiKey? Key, DateTimeOffset Expires)> _byPresentedKey = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _lastUsedWritten = new();

    public ValueTask<ActiveApiKey?> FindAsync(string key, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (_byPresentedKey.TryGetValue(key, out var cached) && cached.Expires > now
            && (cached.Key is null || TouchedRecently(cached.Key.Id, now)))
            return ValueTask.FromResult(cached.Key);
        return new ValueTask<ActiveApiKey?>(LookUpAsync(key, now, cancellationToken));
    }

    private async Task<ActiveApiKey?> LookUpAsync(string key, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!_byPresentedKey.TryGetValue(key, out var cached) || cached.Expires <= now)
        {
            var hash = ApiKeySecret.Hash(key);
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var found = await db.ApiKeys.AsNoTracking()
                .Where(k => k.SecretHash == hash && k.RevokedAt == null)
                .Select(k => new
                {
                    k.Id, k.Name, k.Role, k.OwnerId,
                    Owner = db.Users.Where(u => u.Id == k.OwnerId).Select(u => new { u.Email, u.LockoutEnd }).FirstOrDefault(),
                    OwnerRole = db.UserRoles.Where(ur => ur.UserId == k.OwnerId)
                        .Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name).FirstOrDefault(),
                })
                .FirstOrDefaultAsync(cancellationToken);
            var usable = found switch
            {
                null => null,
                { OwnerId: null } => new ActiveApiKey(found.Id, found.Name, found.Role, null, null),
                { Owner: null } => null,
                _ when found.Owner.LockoutEnd == Identity.AccountStates.DisabledUntil => null,
                _ => Roles.Lower(found.Role, found.OwnerRole) is { } role ? new ActiveApiKey(found.Id, found.Name, role, found.OwnerId, found.Owner.Email) : null,
            };
            cached = (usable, now + EntryLifetime);
            if (_byPresentedKey.Count >= MaxEntries) _byPresentedKey.Clear();
            _byPresentedKey[key] = cached;
        }

        if (cached.Key is { } active) await TouchAsync(active.Id, now, cancellationToken);
        return cached.Key;
    }

    public void Evict() => _byPresentedKey.Clear();

    private bool TouchedRecently(string id, DateTimeOffset now) => _lastUsedWritten.TryGetValue(id, out var written) && now - written < LastUsedResolution;

    private async Task TouchAsync(string id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (TouchedRecently(id, now)) return;
        _lastUsedWritten[id] = now;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.ApiKeys.Where(k => k.Id == id)
            .ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, now.UtcDateTime), cancellationToken);
    }
}
