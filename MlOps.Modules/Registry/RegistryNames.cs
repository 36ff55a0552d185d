using System.Text.RegularExpressions;

namespace MlOps.Modules.Registry;

internal static partial class RegistryNames
{
    public const int MaxModelNameLength = 100;
    public const int MaxAliasLength = 64;
    public const int MaxTextLength = 2000;

    public const string ModelNameRule = "A model name starts with a letter or digit and holds letters, digits, '.', '_' and '-' (at most 100).";
    public const string AliasRule = "An alias is lowercase: a letter, then letters, digits and '-' (at most 64).";

    public static bool IsModelName(string? name) => name is { Length: > 0 and <= MaxModelNameLength } && ModelName().IsMatch(name);

    public static bool IsAlias(string? alias) => alias is { Length: > 0 and <= MaxAliasLength } && Alias().IsMatch(alias);

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    private static partial Regex ModelName();

    [GeneratedRegex("^[a-z][a-z0-9-]*$")]
    private static partial Regex Alias();
}
