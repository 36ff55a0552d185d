using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using MlOps.Modules.Platform.ApiKeys;

namespace MlOps.Modules.Platform.Identity;

/// <summary>
/// The default scheme: a request that presents an API key is the ApiKey scheme's, any other is the Identity cookie's.
/// The API key case is handled in place rather than forwarded, which would resolve and initialise a second handler
/// on every prediction.
/// </summary>
internal sealed class ApiKeyOrCookieHandler(ApiKeyCache keys) : IAuthenticationHandler
{
    private readonly ApiKeyAuthenticationHandler _apiKey = new(keys);
    private HttpContext _context = null!;
    private bool _usesApiKey;

    public Task InitializeAsync(AuthenticationScheme scheme, HttpContext context)
    {
        _context = context;
        _usesApiKey = ApiKeyAuthenticationHandler.IsPresentedBy(context.Request);
        return _apiKey.InitializeAsync(scheme, context);
    }

    public Task<AuthenticateResult> AuthenticateAsync() =>
        _usesApiKey ? _apiKey.AuthenticateAsync() : _context.AuthenticateAsync(IdentityConstants.ApplicationScheme);

    public Task ChallengeAsync(AuthenticationProperties? properties) =>
        _usesApiKey ? _apiKey.ChallengeAsync(properties) : _context.ChallengeAsync(IdentityConstants.ApplicationScheme, properties);

    public Task ForbidAsync(AuthenticationProperties? properties) =>
        _usesApiKey ? _apiKey.ForbidAsync(properties) : _context.ForbidAsync(IdentityConstants.ApplicationScheme, properties);
}
