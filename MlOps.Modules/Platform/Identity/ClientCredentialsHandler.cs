using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using MlOps.Modules.Platform.ApiKeys;
using MlOps.Modules.Platform.Contracts;

namespace MlOps.Modules.Platform.Identity;

/// <summary>The <see cref="ClientCredentialsAuthentication"/> scheme.</summary>
internal sealed class ClientCredentialsHandler(ApiKeyCache keys, BasicCredentialCache passwords) : IAuthenticationHandler
{
    private HttpContext _context = null!;

    public Task InitializeAsync(AuthenticationScheme scheme, HttpContext context)
    {
        _context = context;
        return Task.CompletedTask;
    }

    public async Task<AuthenticateResult> AuthenticateAsync()
    {
        if (!AuthenticationHeaderValue.TryParse(_context.Request.Headers.Authorization.ToString(), out var header) || header.Parameter is null)
            return AuthenticateResult.NoResult();
        if (header.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
        {
            var key = await keys.FindAsync(header.Parameter, _context.RequestAborted);
            return key is null ? AuthenticateResult.Fail("The API key is unknown or revoked.") : Success(key.Principal);
        }

        if (!header.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase)) return AuthenticateResult.NoResult();
        var principal = await passwords.FindAsync(header.Parameter, _context.RequestServices, _context.RequestAborted);
        return principal is null ? AuthenticateResult.Fail("The e-mail or password is wrong, or the account is locked out.") : Success(principal);
    }

    public Task ChallengeAsync(AuthenticationProperties? properties)
    {
        _context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        return Task.CompletedTask;
    }

    public Task ForbidAsync(AuthenticationProperties? properties)
    {
        _context.Response.StatusCode = StatusCodes.Status403Forbidden;
        return Task.CompletedTask;
    }

    private static AuthenticateResult Success(ClaimsPrincipal principal) =>
        AuthenticateResult.Success(new AuthenticationTicket(principal, ClientCredentialsAuthentication.Scheme));
}

/// <summary>
/// Checks Basic credentials as the sign-in page does (failures count towards lockout). MLflow clients send them on
/// every call and a password hash costs tens of milliseconds, so a success is remembered for a minute, keyed by a
/// hash of the header: the same minute after which a changed security stamp signs a cookie out.
/// </summary>
internal sealed class BasicCredentialCache(TimeProvider clock)
{
    private static readonly TimeSpan EntryLifetime = TimeSpan.FromMinutes(1);
    private const int MaxEntries = 10_000;

    private readonly ConcurrentDictionary<string, (ClaimsPrincipal Principal, DateTimeOffset Expires)> _entries = new(StringComparer.Ordinal);

    public async Task<ClaimsPrincipal?> FindAsync(string encoded, IServiceProvider services, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var cacheKey = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(encoded)));
        if (_entries.TryGetValue(cacheKey, out var cached) && cached.Expires > now) return cached.Principal;
        if (!TryDecode(encoded, out var email, out var password)) return null;

        var signIn = services.GetRequiredService<SignInManager<IdentityUser>>();
        var user = await signIn.UserManager.FindByEmailAsync(email);
        if (user is null) return null;
        var result = await signIn.CheckPasswordSignInAsync(user, password, lockoutOnFailure: true);
        if (result.IsLockedOut)
        {
            await services.GetRequiredService<IAuditLog>().RecordAsync(new AuditEvent(user.Email!, "user.locked-out", "user", user.Id), cancellationToken);
            return null;
        }

        if (!result.Succeeded) return null;
        var principal = await signIn.CreateUserPrincipalAsync(user);
        if (_entries.Count >= MaxEntries) _entries.Clear();
        _entries[cacheKey] = (principal, now + EntryLifetime);
        return principal;
    }

    private static bool TryDecode(string encoded, out string email, out string password)
    {
        (email, password) = ("", "");
        var bytes = new byte[encoded.Length];
        if (!Convert.TryFromBase64String(encoded, bytes, out var written)) return false;
        var text = Encoding.UTF8.GetString(bytes, 0, written);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0) return false;
        (email, password) = (text[..colon].Trim(), text[(colon + 1)..]);
        return true;
    }
}
