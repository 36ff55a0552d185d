using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MlOps.Modules.Platform.Contracts;

/// <summary>Maps a failed <see cref="OperationResult{T}"/> to the status API.md gives it.</summary>
public static class OperationProblems
{
    public static ProblemHttpResult From<T>(OperationResult<T> result) => result.Error switch
    {
        OperationError.Invalid => TypedResults.Problem(new HttpValidationProblemDetails(result.Problems.ToDictionary())
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "One or more validation errors occurred.",
            Detail = Describe(result),
        }),
        OperationError.NotFound => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found.", detail: Describe(result)),
        OperationError.Conflict => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict.", detail: Describe(result)),
        OperationError.Forbidden => TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden.", detail: Describe(result)),
        _ => throw new InvalidOperationException("A succeeded operation has no problem to report."),
    };

    public static Results<Ok<T>, ProblemHttpResult> OkOr<T>(OperationResult<T> result) =>
        result.Succeeded ? TypedResults.Ok(result.Value!) : From(result);

    private static string Describe<T>(OperationResult<T> result) => string.Join(" ", result.Problems.Values.SelectMany(m => m));
}
