using Microsoft.AspNetCore.Http;

namespace MlOps.Modules.Platform.Contracts;

/// <summary>The per-response nonce that lets the page's own inline script (Blazor's import map) run under the policy.</summary>
public static class ContentSecurityPolicy
{
    internal static readonly object NonceKey = new();

    public static string? NonceOf(HttpContext context) => context.Items[NonceKey] as string;
}
