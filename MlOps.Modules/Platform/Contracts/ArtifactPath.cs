namespace MlOps.Modules.Platform.Contracts;

/// <summary>
/// A relative artifact path that cannot escape its root: segments of letters, digits, spaces and
/// <c>. _ - + = @ ( )</c>, never <c>.</c> or <c>..</c>; no backslashes, percent signs (so no encoded
/// or double-encoded traversal), control characters, or leading slash.
/// </summary>
public sealed record ArtifactPath
{
    public const int MaxLength = 1024;

    private ArtifactPath(string value) => Value = value;

    public string Value { get; }

    public IReadOnlyList<string> Segments => Value.Split('/');

    public ArtifactPath Combine(ArtifactPath child) => new($"{Value}/{child.Value}");

    public static ArtifactPath Parse(string raw) =>
        TryParse(raw, out var path, out var error) ? path : throw new ArgumentException(error, nameof(raw));

    public static bool TryParse(string? raw, out ArtifactPath path, out string error)
    {
        path = null!;
        error = Validate(raw);
        if (error.Length > 0) return false;
        path = new ArtifactPath(raw!.TrimEnd('/'));
        return true;
    }

    public override string ToString() => Value;

    private static string Validate(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw)) return "The path is empty.";
        if (raw.Length > MaxLength) return $"The path is longer than {MaxLength} characters.";
        if (raw.Contains('\0') || raw.Any(char.IsControl)) return "The path holds a control character.";
        if (raw.Contains('\\')) return "The path holds a backslash; use '/' between folders.";
        if (raw.Contains('%')) return "The path holds a '%': encoded characters are not accepted.";
        if (raw.StartsWith('/') || (raw.Length > 1 && raw[1] == ':')) return "The path must be relative.";
        foreach (var segment in raw.TrimEnd('/').Split('/'))
        {
            if (segment.Length == 0) return "The path holds an empty folder name ('//').";
            if (segment is "." or "..") return "The path may not hold '.' or '..' segments.";
            if (segment.Trim().Length != segment.Length) return "A folder or file name may not start or end with a space.";
            if (!segment.All(IsAllowed)) return $"The name '{segment}' holds a character that is not allowed.";
        }

        return "";
    }

    private static bool IsAllowed(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or ' ' or '+' or '=' or '@' or '(' or ')';
}
