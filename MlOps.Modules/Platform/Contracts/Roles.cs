namespace MlOps.Modules.Platform.Contracts;

public static class Roles
{
    public const string Admin = "Admin";
    public const string DataScientist = "DataScientist";
    public const string Analyst = "Analyst";

    public static readonly IReadOnlyList<string> All = [Admin, DataScientist, Analyst];

    public static bool IsKnown(string? role) => role is not null && All.Contains(role);
}
