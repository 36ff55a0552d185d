using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using MlOps.Modules.Platform.ApiKeys;
using MlOps.Modules.Platform.Contracts;
using MlOps.Modules.Platform.Data;

namespace MlOps.Modules.Platform.Identity;

/// <summary>
/// What a session must agree with on every request: the user's security stamp (changed by a role change, a disable and
/// a password change or reset) and whether the account is disabled. Entries are kept until the account changes, so a
/// request costs one dictionary look-up; every change goes through <see cref="ChangedAsync"/>, which also drops the cached
/// API keys so keys follow their owner at once.
/// </summary>
internal sealed class AccountStates
{
    private const string ChangedTopic = "accounts";

    private readonly IDbContextFactory<PlatformDbContext> contexts;
    private readonly ApiKeyCache keys;
    private readonly IReplicaSignals signals;

    public AccountStates(IDbContextFactory<PlatformDbContext> contexts, ApiKeyCache keys, IReplicaSignals signals)
    {
        this.contexts = contexts;
        this.keys = keys;
        this.signals = signals;
        signals.Subscribe(ChangedTopic, Forget);
    }

    /// <summary>The lockout end that marks an account disabled rather than locked out for a while.</summary>
    public static readonly DateTimeOffset DisabledUntil = DateTimeOffset.MaxValue;

    private const string SecurityStampClaim = "AspNet.Identity.SecurityStamp";

    private readonly ConcurrentDictionary<string, string?> _stampOfActiveUser = new(StringComparer.Ordinal);
    private long _changes;

    public static bool IsDisabled(IdentityUser user) => user.LockoutEnd == DisabledUntil;

    /// <summary>Forgets the account here at once, and on every other replica through the replica signals.</summary>
    public async Task ChangedAsync(CancellationToken cancellationToken)
    {
        Forget();
        await keys.EvictAsync(cancellationToken);
        await signals.SignalAsync(ChangedTopic, cancellationToken);
    }

    private void Forget()
    {
        Interlocked.Increment(ref _changes);
        _stampOfActiveUser.Clear();
    }

    /// <summary>True while the principal's user exists, is enabled and still has the stamp the session was issued with.</summary>
    public async ValueTask<bool> IsCurrentAsync(ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        var userId = principal.FindFirstValue(ClaimTypes.NameIdentifier);
        var stamp = principal.FindFirstValue(SecurityStampClaim);
        if (userId is null || stamp is null) return false;
        if (!_stampOfActiveUser.TryGetValue(userId, out var current))
        {
            var changesBefore = Interlocked.Read(ref _changes);
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var user = await db.Users.AsNoTracking().Where(u => u.Id == userId)
                .Select(u => new { u.SecurityStamp, u.LockoutEnd }).FirstOrDefaultAsync(cancellationToken);
            current = user is null || user.LockoutEnd == DisabledUntil ? null : user.SecurityStamp;
            // A change that lands while the row is read would otherwise be cached over with the old stamp.
            if (Interlocked.Read(ref _changes) == changesBefore) _stampOfActiveUser[userId] = current;
        }

        return current is not null && string.Equals(current, stamp, StringComparison.Ordinal);
    }

    public async Task ValidateCookieAsync(CookieValidatePrincipalContext context)
    {
        if (context.Principal is { } principal && await IsCurrentAsync(principal, context.HttpContext.RequestAborted)) return;
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
    }
}
