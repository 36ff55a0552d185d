using System.Text.RegularExpressions;

namespace MlOps.Modules.Platform.Contracts;

/// <summary>
/// The one check for every name, alias and key the product stores, routes on or writes to disk. Patterns are
/// anchored with <c>\A</c> and <c>\z</c>: .NET's <c>$</c> also matches before a trailing newline, which let
/// <c>production\n</c> through as a second "production".
/// </summary>
public static partial class Names
{
    public const int MaxLength = 100;
    public const int MaxAliasLength = 64;

    public const string LowercaseRule = "Use lowercase letters, digits, '.', '_' and '-' (up to 100), starting with a letter or digit.";
    public const string ModelRule = "A model name starts with a letter or digit and holds letters, digits, '.', '_' and '-' (at most 100).";
    public const string AliasRule = "An alias is lowercase: a letter, then letters, digits and '-' (at most 64).";
    public const string OutputFileRule = "The target is a file name ending in .csv (letters, digits, '.', '_', '-').";
    public const string ApiKeyRule = "An API key name starts with a letter or digit and holds letters, digits, spaces, '.', '_' and '-' (at most 100).";
    public const string ControlCharacterRule = "The name holds a control character (a line break, tab or similar); remove it.";

    /// <summary>Datasets, pipelines, batch definitions and the models pipelines register.</summary>
    public static bool IsLowercaseName(string? value) => value is not null && LowercaseName().IsMatch(value);

    /// <summary>Registry model names: letters of either case.</summary>
    public static bool IsModelName(string? value) => value is not null && ModelName().IsMatch(value);

    public static bool IsAlias(string? value) => value is not null && Alias().IsMatch(value);

    public static bool IsApiKeyName(string? value) => value is not null && ApiKeyName().IsMatch(value);

    /// <summary>The file name a batch job's scores are stored and downloaded under.</summary>
    public static bool IsOutputFileName(string? value) => value is not null && OutputFileName().IsMatch(value);

    /// <summary>Free-text names (experiments, runs): any printable text, nothing that breaks a header, a log line or a file name.</summary>
    public static bool IsPrintable(string? value) => value is null || !value.Any(char.IsControl);

    [GeneratedRegex(@"\A[a-z0-9][a-z0-9._-]{0,99}\z", RegexOptions.CultureInvariant)]
    private static partial Regex LowercaseName();

    [GeneratedRegex(@"\A[A-Za-z0-9][A-Za-z0-9._-]{0,99}\z", RegexOptions.CultureInvariant)]
    private static partial Regex ModelName();

    [GeneratedRegex(@"\A[a-z][a-z0-9-]{0,63}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Alias();

    [GeneratedRegex(@"\A[A-Za-z0-9][A-Za-z0-9 ._-]{0,99}\z", RegexOptions.CultureInvariant)]
    private static partial Regex ApiKeyName();

    [GeneratedRegex(@"\A[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}\.csv\z", RegexOptions.CultureInvariant)]
    private static partial Regex OutputFileName();
}
