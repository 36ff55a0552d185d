namespace MlOps.Modules.Experiments.Tracking;

/// <summary>The limits API.md and the issue give tracking data, shared by every validator.</summary>
internal static class TrackingLimits
{
    public const int MaxKeyLength = 250;
    public const int MaxValueLength = 6000;
    public const int MaxNameLength = 250;
    public const int MaxDescriptionLength = 5000;
    public const int MaxMetricsPerBatch = 1000;
    public const int MaxParamsPerBatch = 100;
    public const int MaxTagsPerBatch = 100;

    public const string KeyCharacters = "letters, digits, '_', '-', '.', ' ', '/' and ':'";

    /// <summary>Returns why <paramref name="key"/> is unacceptable, or null.</summary>
    public static string? CheckKey(string? key)
    {
        if (string.IsNullOrWhiteSpace(key)) return "A key may not be empty.";
        if (key.Length > MaxKeyLength) return $"A key is at most {MaxKeyLength} characters; this one has {key.Length}.";
        if (!key.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or ' ' or '/' or ':'))
            return $"The key '{key}' holds a character that is not allowed; use {KeyCharacters}.";
        return null;
    }

    public static string? CheckValue(string? value) => value switch
    {
        null => "A value is required.",
        { Length: > MaxValueLength } => $"A value is at most {MaxValueLength} characters; this one has {value.Length}.",
        _ => null,
    };
}
