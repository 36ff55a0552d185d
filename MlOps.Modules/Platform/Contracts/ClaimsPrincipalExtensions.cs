using System.Security.Claims;

namespace MlOps.Modules.Platform.Contracts;

public static class ClaimsPrincipalExtensions
{
    /// <summary>The name the audit log records: a user's email, or <c>apikey:&lt;name&gt;</c>.</summary>
    public static string ActorName(this ClaimsPrincipal principal) => principal.Identity?.Name ?? "anonymous";
}
