using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace MlOps.Modules.Platform.Http;

/// <summary>
/// What to do next, for the answers a route gives without a detail of its own: an empty 404, the framework's 413
/// and 415, and validation failures, whose detail repeats the first field messages for clients that read only it.
/// </summary>
internal static class ProblemDetailDefaults
{
    private const int MessagesInDetail = 3;

    public static void Fill(ProblemDetails problem)
    {
        if (problem is HttpValidationProblemDetails { Errors.Count: > 0 } validation)
            problem.Detail ??= string.Join(" ", validation.Errors.SelectMany(e => e.Value).Distinct().Take(MessagesInDetail));
        problem.Detail ??= problem.Status switch
        {
            StatusCodes.Status404NotFound =>
                "Nothing exists at this address: check the name, version or id in the path (the list routes, such as GET /api/v1/models, show what exists).",
            StatusCodes.Status413PayloadTooLarge =>
                "The body is larger than this route accepts: send a smaller file or split it (docs/security-input-limits.md lists the limits).",
            StatusCodes.Status415UnsupportedMediaType =>
                "This route does not read that media type: send application/json, or the form or file type the API documentation names for it.",
            _ => null,
        };
    }
}
