using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using MlOps.Modules.Platform.Contracts;

namespace MlOps.Modules.Platform.Http;

/// <summary>
/// Headers every response carries. Scripts run only from this origin (plus the nonce'd import map); inline styles are
/// allowed because MudBlazor and Blazor's reconnect dialog set them; the SignalR connection is same-origin. The API
/// reference at <c>/docs</c> is a third-party page with inline scripts of its own, so it keeps only the other headers.
/// </summary>
internal sealed class SecurityHeaders(RequestDelegate next)
{
    public const string DocsPath = "/docs";

    public Task InvokeAsync(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        // "same-origin" keeps Origin on this app's own form posts, which the cookie write check relies on.
        headers["Referrer-Policy"] = "same-origin";
        headers.XFrameOptions = "DENY";
        if (!context.Request.Path.StartsWithSegments(DocsPath))
        {
            var nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
            context.Items[ContentSecurityPolicy.NonceKey] = nonce;
            headers.ContentSecurityPolicy =
                $"default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
                + "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
        }

        return next(context);
    }
}
