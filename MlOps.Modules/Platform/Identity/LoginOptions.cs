namespace MlOps.Modules.Platform.Identity;

internal sealed class LoginOptions
{
    public const string SectionName = "Platform:Login";
    public const string RateLimitPolicy = "login";

    /// <summary>Sign-in attempts one client address may make per minute before it is answered 429.</summary>
    public int PermitsPerMinute { get; set; } = 20;
}
