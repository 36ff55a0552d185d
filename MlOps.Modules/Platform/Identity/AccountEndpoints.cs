using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using MlOps.Modules.Platform.Contracts;

namespace MlOps.Modules.Platform.Identity;

/// <summary>Sign-in and sign-out are real form posts, so the auth cookie is set on an HTTP response, never over a Blazor circuit.</summary>
internal static class AccountEndpoints
{
    private static readonly IdentityUser UnknownUser = new();
    private static string? _unknownUserHash;

    public static void MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        var account = app.MapGroup("/account").ExcludeFromDescription();
        account.MapPost("/login", LoginAsync).AllowAnonymous().RequireRateLimiting(LoginOptions.RateLimitPolicy);
        account.MapPost("/logout", LogoutAsync).WithMetadata(new Microsoft.AspNetCore.Antiforgery.RequireAntiforgeryTokenAttribute());
    }

    private static async Task<RedirectHttpResult> LoginAsync(
        [FromForm] string? email, [FromForm] string? password, [FromForm] string? returnUrl,
        SignInManager<IdentityUser> signIn, IAuditLog audit, CancellationToken cancellationToken)
    {
        var back = SafeReturnUrl(returnUrl);
        if (string.IsNullOrWhiteSpace(email) || string.IsNullOrEmpty(password)) return Failed("missing", back);

        var user = await signIn.UserManager.FindByEmailAsync(email.Trim());
        if (user is null)
        {
            // Hashing as a wrong password would keeps an unknown email from answering measurably sooner.
            var hasher = signIn.UserManager.PasswordHasher;
            _unknownUserHash ??= hasher.HashPassword(UnknownUser, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24)));
            hasher.VerifyHashedPassword(UnknownUser, _unknownUserHash, password);
            return Failed("invalid", back);
        }

        var result = await signIn.PasswordSignInAsync(user, password, isPersistent: false, lockoutOnFailure: true);
        if (result.IsLockedOut)
        {
            await audit.RecordAsync(new AuditEvent(user.Email!, "user.locked-out", "user", user.Id), cancellationToken);
            return Failed("locked", back);
        }

        if (!result.Succeeded) return Failed("invalid", back);
        await audit.RecordAsync(new AuditEvent(user.Email!, "user.signed-in", "user", user.Id), cancellationToken);
        return TypedResults.LocalRedirect(back);
    }

    private static async Task<RedirectHttpResult> LogoutAsync(SignInManager<IdentityUser> signIn)
    {
        await signIn.SignOutAsync();
        return TypedResults.LocalRedirect($"{IdentitySetup.LoginPath}?signedOut=true");
    }

    private static RedirectHttpResult Failed(string error, string returnUrl) =>
        TypedResults.LocalRedirect($"{IdentitySetup.LoginPath}?error={error}&returnUrl={Uri.EscapeDataString(returnUrl)}");

    // LocalRedirect throws on control characters, so a tab in the query would be a 500 after a good password.
    private static string SafeReturnUrl(string? returnUrl) =>
        returnUrl is { Length: > 0 } url && url[0] == '/' && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal)
            && !url.Any(char.IsControl)
            ? url
            : "/";
}
