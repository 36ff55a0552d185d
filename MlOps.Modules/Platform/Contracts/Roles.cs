namespace MlOps.Modules.Platform.Contracts;

public static class Roles
{
    public const string Admin = "Admin";
    public const string DataScientist = "DataScientist";
    public const string Analyst = "Analyst";

    private static readonly string[] HighestFirst = [Admin, DataScientist, Analyst];

    /// <summary>Highest first: a role may do everything the roles after it may.</summary>
    public static readonly IReadOnlyList<string> All = HighestFirst;

    public static bool IsKnown(string? role) => role is not null && All.Contains(role);

    /// <summary>True when <paramref name="role"/> grants no more than <paramref name="ceiling"/>.</summary>
    public static bool IsAtMost(string role, string? ceiling) =>
        IsKnown(role) && IsKnown(ceiling) && Array.IndexOf(HighestFirst, role) >= Array.IndexOf(HighestFirst, ceiling);

    /// <summary>The lower of two roles, or null when either is unknown.</summary>
    public static string? Lower(string role, string? other) =>
        !IsKnown(role) || !IsKnown(other) ? null : IsAtMost(role, other) ? role : other;

    /// <summary>The highest role a principal holds, or null.</summary>
    public static string? HighestOf(System.Security.Claims.ClaimsPrincipal principal) => All.FirstOrDefault(principal.IsInRole);
}
