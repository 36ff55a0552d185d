using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;

namespace MlOps.Modules.Platform.Identity;

/// <summary>
/// A browser attaches the sign-in cookie to requests that other pages start, including other ports of the same host
/// (SameSite treats them as same-site). So a state-changing request the cookie authenticates must show it came from
/// this app: an <c>Origin</c> equal to the app's own, which browsers send on every non-GET fetch and form post, or the
/// antiforgery token in <see cref="TokenHeader"/>. Requests carrying a key or other credentials are not the cookie's.
/// </summary>
internal sealed class CookieWriteIntent(RequestDelegate next, IAntiforgery antiforgery)
{
    public const string TokenHeader = "X-XSRF-TOKEN";

    public const string RefusalDetail =
        $"A change made with the sign-in cookie must come from this app's own pages: send an Origin header equal to this app's origin, "
        + $"or the token from GET /api/v1/account/antiforgery in the {TokenHeader} header. Scripts and tools can use an API key instead.";

    public static bool IsCookieAuthenticated(ClaimsPrincipal user) => user.Identity?.AuthenticationType == IdentityConstants.ApplicationScheme;

    public async Task InvokeAsync(HttpContext context)
    {
        if (IsSafe(context.Request.Method) || !IsCookieAuthenticated(context.User) || CarriesFormToken(context)
            || IsOwnOrigin(context.Request) || await HasValidTokenAsync(context))
        {
            await next(context);
            return;
        }

        await Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "The request did not prove it came from this app.", detail: RefusalDetail)
            .ExecuteAsync(context);
    }

    private static bool IsSafe(string method) => HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method);

    /// <summary>Form posts to endpoints whose antiforgery field the framework validates (sign-in, sign-out, Blazor forms).</summary>
    private static bool CarriesFormToken(HttpContext context) =>
        context.Request.HasFormContentType && context.GetEndpoint()?.Metadata.GetMetadata<IAntiforgeryMetadata>() is { RequiresValidation: true };

    private static bool IsOwnOrigin(HttpRequest request) =>
        request.Headers.Origin is [{ } origin] && string.Equals(origin, $"{request.Scheme}://{request.Host.Value}", StringComparison.OrdinalIgnoreCase);

    private async Task<bool> HasValidTokenAsync(HttpContext context) =>
        context.Request.Headers.ContainsKey(TokenHeader) && await antiforgery.IsRequestValidAsync(context);
}
