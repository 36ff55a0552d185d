using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace MlOps.Modules.Platform.Http;

internal static class ProblemDetailsSetup
{
    public static IServiceCollection AddMlOpsProblemDetails(this IServiceCollection services)
    {
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            context.ProblemDetails.Extensions["requestId"] = context.HttpContext.TraceIdentifier;
            context.ProblemDetails.Instance ??= context.HttpContext.Request.Path;
            ProblemDetailDefaults.Fill(context.ProblemDetails);
        });
        services.AddExceptionHandler<BadRequestExceptionHandler>();
        services.AddExceptionHandler<DependencyUnavailableExceptionHandler>();
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        return services;
    }
}
