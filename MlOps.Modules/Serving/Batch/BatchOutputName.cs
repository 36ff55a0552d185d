using System.Text.RegularExpressions;

namespace MlOps.Modules.Serving.Batch;

/// <summary>The file name a job's scores are stored and downloaded under.</summary>
internal static partial class BatchOutputName
{
    public const string Rule = "The target is a file name ending in .csv (letters, digits, '.', '_', '-').";

    public static bool IsValid(string? name) => name is not null && Pattern().IsMatch(name);

    [GeneratedRegex("^[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}\\.csv$")]
    private static partial Regex Pattern();
}
