namespace MlOps.Modules.Platform.Contracts;

/// <summary>
/// The API key scheme, for endpoints only machines call: a policy on this scheme answers 401 to a missing key
/// instead of redirecting to the sign-in page.
/// </summary>
public static class ApiKeyAuthentication
{
    public const string Scheme = "ApiKey";
}
