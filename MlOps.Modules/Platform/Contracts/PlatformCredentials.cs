namespace MlOps.Modules.Platform.Contracts;

/// <summary>Where callers put their credentials, for the host's API description.</summary>
public static class PlatformCredentials
{
    public const string ApiKeyHeader = "X-Api-Key";

    public const string SignInCookie = "mlops.auth";
}
