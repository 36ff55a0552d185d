using System.Data.Common;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using MlOps.Modules.Platform.Contracts;

namespace MlOps.Modules.Platform.Http;

/// <summary>
/// A request that needs a dependency which is down (the artifact store, the database) answers 503 with what
/// is down, so clients retry later instead of reading a bare 500.
/// </summary>
internal sealed class DependencyUnavailableExceptionHandler(IProblemDetailsService problems, ILogger<DependencyUnavailableExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (title, detail) = Describe(exception);
        if (title is null) return false;
        logger.LogError(exception, "{Title} {Detail}", title, detail);
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = "30";
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new ProblemDetails { Status = StatusCodes.Status503ServiceUnavailable, Title = title, Detail = detail },
        });
    }

    private static (string? Title, string? Detail) Describe(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case ArtifactStoreUnavailableException store:
                    return ("The artifact store is unavailable.", store.Message);
                case DbException { IsTransient: true } or TimeoutException:
                    return ("The database is unavailable.", "The database did not answer; try again shortly. If it persists, check the database settings and server.");
            }
        }

        return (null, null);
    }
}
