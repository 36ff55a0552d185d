namespace MlOps.Modules.Platform.Contracts;

public enum OperationError
{
    None,
    NotFound,
    Conflict,
    Invalid,
    Forbidden,
}

/// <summary>The outcome of a command that can fail for a reason a caller should show the user.</summary>
public sealed record OperationResult<T>(T? Value, OperationError Error, IReadOnlyDictionary<string, string[]> Problems)
{
    public bool Succeeded => Error == OperationError.None;

    public static OperationResult<T> Ok(T value) => new(value, OperationError.None, new Dictionary<string, string[]>());

    public static OperationResult<T> Fail(OperationError error, string field, string message) =>
        new(default, error, new Dictionary<string, string[]> { [field] = [message] });

    public static OperationResult<T> Fail(OperationError error, IReadOnlyDictionary<string, string[]> problems) =>
        new(default, error, problems);
}
