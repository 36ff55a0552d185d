using System.Security.Claims;

namespace MlOps.Modules.Platform.Contracts;

public static class ClaimsPrincipalExtensions
{
    /// <summary>
    /// The name the audit log records: a user's email, <c>email (key name)</c> for a key that user owns,
    /// or <c>apikey:name</c> for a service key that belongs to nobody.
    /// </summary>
    public static string ActorName(this ClaimsPrincipal principal) => principal.Identity?.Name ?? "anonymous";

    /// <summary>The id of the person behind the credential (a user signed in or the owner of a key); null for a service key.</summary>
    public static string? PersonId(this ClaimsPrincipal principal) => principal.FindFirstValue(ClaimTypes.NameIdentifier);
}

/// <summary>Actor names identify people: every credential of one user records that user's email first.</summary>
public static class Actors
{
    private const string KeyMarker = " (key ";

    public static string ForKey(string? ownerEmail, string keyName) => ownerEmail is null ? $"apikey:{keyName}" : $"{ownerEmail}{KeyMarker}{keyName})";

    /// <summary>The person an actor name stands for: a user's email, whichever of their credentials acted.</summary>
    public static string PersonOf(string actor)
    {
        var marker = actor.IndexOf(KeyMarker, StringComparison.Ordinal);
        return marker < 0 ? actor : actor[..marker];
    }

    public static bool SamePerson(string actor, string other) => string.Equals(PersonOf(actor), PersonOf(other), StringComparison.OrdinalIgnoreCase);
}
