using System.Security.Cryptography;
using System.Text;
using MlOps.Modules.Platform.Contracts;

namespace MlOps.Modules.Platform.ApiKeys;

/// <summary>
/// Keys are 256 random bits, so a single SHA-256 is a sound one-way hash for them
/// (slow password hashes exist for low-entropy secrets) and keeps per-request checks cheap.
/// </summary>
internal static class ApiKeySecret
{
    public const string HeaderName = PlatformCredentials.ApiKeyHeader;

    public static (string Key, string Prefix) Generate()
    {
        var prefix = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        var secret = Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        return ($"mlops_{prefix}_{secret}", prefix);
    }

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    public static string PrefixOf(string key) => key.Length >= 14 && key.StartsWith("mlops_", StringComparison.Ordinal) ? key[6..14] : "custom";

    private static string Base64UrlEncode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
