using MlOps.Modules.Platform.Contracts;

namespace MlOps.Modules.Mlflow.Protocol;

/// <summary>The error codes of MLflow's <c>databricks.proto</c> that MlOps answers, with the HTTP status MLflow gives each.</summary>
internal static class MlflowErrorCode
{
    public const string InvalidParameterValue = "INVALID_PARAMETER_VALUE";
    public const string ResourceDoesNotExist = "RESOURCE_DOES_NOT_EXIST";
    public const string ResourceAlreadyExists = "RESOURCE_ALREADY_EXISTS";
    public const string PermissionDenied = "PERMISSION_DENIED";
    public const string Unauthenticated = "UNAUTHENTICATED";
    public const string EndpointNotFound = "ENDPOINT_NOT_FOUND";
    public const string RequestLimitExceeded = "REQUEST_LIMIT_EXCEEDED";
    public const string InternalError = "INTERNAL_ERROR";

    public static int StatusOf(string code) => code switch
    {
        InvalidParameterValue or ResourceAlreadyExists => StatusCodes.Status400BadRequest,
        ResourceDoesNotExist or EndpointNotFound => StatusCodes.Status404NotFound,
        PermissionDenied => StatusCodes.Status403Forbidden,
        Unauthenticated => StatusCodes.Status401Unauthorized,
        RequestLimitExceeded => StatusCodes.Status429TooManyRequests,
        _ => StatusCodes.Status500InternalServerError,
    };

    public static string ForStatus(int status) => status switch
    {
        StatusCodes.Status400BadRequest or StatusCodes.Status413PayloadTooLarge or StatusCodes.Status415UnsupportedMediaType => InvalidParameterValue,
        StatusCodes.Status401Unauthorized => Unauthenticated,
        StatusCodes.Status403Forbidden => PermissionDenied,
        StatusCodes.Status404NotFound or StatusCodes.Status405MethodNotAllowed => EndpointNotFound,
        StatusCodes.Status409Conflict => ResourceAlreadyExists,
        StatusCodes.Status429TooManyRequests => RequestLimitExceeded,
        _ => InternalError,
    };
}

internal sealed record MlflowError(string ErrorCode, string Message);

/// <summary>Answers in MLflow's shapes: the message itself on success, <c>{error_code, message}</c> on failure.</summary>
internal static class MlflowReply
{
    private static readonly object Empty = new { };

    public static IResult Ok(object message) => TypedResults.Json(message, MlflowJson.Options);

    public static IResult Done() => Ok(Empty);

    public static IResult Error(string code, string message) =>
        TypedResults.Json(new MlflowError(code, message), MlflowJson.Options, statusCode: MlflowErrorCode.StatusOf(code));

    public static IResult Invalid(string message) => Error(MlflowErrorCode.InvalidParameterValue, message);

    public static IResult Missing(string message) => Error(MlflowErrorCode.ResourceDoesNotExist, message);

    /// <summary>
    /// Maps a failed MlOps operation; <paramref name="conflict"/> is the code a Conflict means here, because MLflow
    /// says "already exists" for a taken name but "invalid parameter" for a param that may not change.
    /// </summary>
    public static IResult Failed<T>(OperationResult<T> result, string conflict = MlflowErrorCode.InvalidParameterValue) => Error(
        result.Error switch
        {
            OperationError.NotFound => MlflowErrorCode.ResourceDoesNotExist,
            OperationError.Conflict => conflict,
            _ => MlflowErrorCode.InvalidParameterValue,
        },
        string.Join(" ", result.Problems.Values.SelectMany(m => m)));

    public static IResult OkOr<T>(OperationResult<T> result, Func<T, object> answer, string conflict = MlflowErrorCode.InvalidParameterValue) =>
        result.Succeeded ? Ok(answer(result.Value!)) : Failed(result, conflict);
}
