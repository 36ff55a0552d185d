namespace MlOps.Modules.Platform.Contracts;

/// <summary>
/// The scheme for protocol clients that cannot hold a cookie or set <c>X-Api-Key</c> (MLflow's): an API key as
/// <c>Authorization: Bearer</c>, or a user's e-mail and password as <c>Authorization: Basic</c> with the sign-in
/// page's lockout. Failures answer a bare 401 or 403, never a redirect.
/// </summary>
public static class ClientCredentialsAuthentication
{
    public const string Scheme = "ClientCredentials";
}
