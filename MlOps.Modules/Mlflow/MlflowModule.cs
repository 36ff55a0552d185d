using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;
using MlOps.Modules.Mlflow.Artifacts;
using MlOps.Modules.Mlflow.Models;
using MlOps.Modules.Mlflow.Protocol;
using MlOps.Modules.Mlflow.Tracking;
using MlOps.Modules.Platform.Contracts;

namespace MlOps.Modules.Mlflow;

/// <summary>
/// MLflow's REST protocol as an adapter over the Experiments and Registry contracts, so an MLflow client logs into
/// the same experiments, runs and registry as the rest of MlOps.
/// </summary>
public static class MlflowModule
{
    private const string Tag = "MLflow";

    public static IServiceCollection AddMlflowModule(this IServiceCollection services)
    {
        // First, so that it answers before the default ProblemDetails writer for MLflow's paths.
        services.Insert(0, ServiceDescriptor.Singleton<IProblemDetailsWriter, MlflowErrorWriter>());
        services.AddSingleton<IModuleInitializer, DefaultExperiment>();
        return services;
    }

    public static void MapMlflowEndpoints(this IEndpointRouteBuilder app)
    {
        var tracking = app.MapGroup(MlflowPaths.Tracking).RequireAuthorization(Require(Policies.Read)).WithTags(Tag);
        tracking.MapExperimentRoutes();
        tracking.MapRunRoutes();
        tracking.MapArtifactListRoute();
        tracking.MapModelRoutes();
        tracking.MapFallback("{**path}", NotServed).ExcludeFromDescription();

        var artifacts = app.MapGroup(MlflowPaths.Artifacts).RequireAuthorization(Require(Policies.Read)).WithTags(Tag);
        artifacts.MapProxiedArtifactRoutes();
    }

    // Without it an unknown MLflow call with good credentials would fall to the app's default scheme and read as a 401.
    private static IResult NotServed(HttpRequest request) => MlflowReply.Error(MlflowErrorCode.EndpointNotFound,
        $"MlOps does not serve {request.Method} {request.Path}; see docs/mlflow.md for what is supported.");

    internal static RouteHandlerBuilder Writes(this RouteHandlerBuilder route) => route.RequireAuthorization(Require(Policies.Write));

    private static AuthorizeAttribute Require(string policy) => new(policy) { AuthenticationSchemes = ClientCredentialsAuthentication.Scheme };
}
