using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;

namespace MlOps.Modules.Platform.ApiKeys;

/// <summary>
/// The ApiKey scheme: the <c>X-Api-Key</c> header, looked up in <see cref="ApiKeyCache"/>. It implements
/// <see cref="IAuthenticationHandler"/> directly because it runs on every API call: the framework's base handler would
/// resolve options and create a logger per request for a scheme that has neither.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(ApiKeyCache keys) : IAuthenticationHandler
{
    public const string SchemeName = Contracts.ApiKeyAuthentication.Scheme;

    private HttpContext _context = null!;
    private string? _failure;

    public static bool IsPresentedBy(HttpRequest request) => request.Headers.ContainsKey(ApiKeySecret.HeaderName);

    public Task InitializeAsync(AuthenticationScheme scheme, HttpContext context)
    {
        _context = context;
        return Task.CompletedTask;
    }

    public async Task<AuthenticateResult> AuthenticateAsync()
    {
        if (!_context.Request.Headers.TryGetValue(ApiKeySecret.HeaderName, out var values)) return AuthenticateResult.NoResult();
        var presented = values.ToString();
        if (string.IsNullOrWhiteSpace(presented)) return Fail("The X-Api-Key header is empty.");

        var key = await keys.FindAsync(presented, _context.RequestAborted);
        return key?.Authenticated ?? Fail("The API key is unknown, revoked, or its owner's account is disabled.");
    }

    public Task ChallengeAsync(AuthenticationProperties? properties) => Identity.AuthProblems.UnauthorizedAsync(_context, _failure);

    public Task ForbidAsync(AuthenticationProperties? properties) => Identity.AuthProblems.ForbiddenAsync(_context);

    private AuthenticateResult Fail(string reason)
    {
        _failure = reason;
        return AuthenticateResult.Fail(reason);
    }
}
