using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace MlOps.Modules.Mlflow.Protocol;

/// <summary>
/// Every error under MLflow's prefixes that the framework raises itself (401 and 403 from authorization, unreadable
/// bodies, unknown routes, unhandled exceptions) reaches clients as <c>{error_code, message}</c>, because MLflow's
/// client only understands that shape; everything else keeps MlOps's ProblemDetails.
/// </summary>
internal sealed class MlflowErrorWriter : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context) => MlflowPaths.IsMlflow(context.HttpContext.Request.Path);

    public async ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var response = context.HttpContext.Response;
        var code = MlflowErrorCode.ForStatus(response.StatusCode);
        var message = code switch
        {
            MlflowErrorCode.Unauthenticated =>
                "Send an MlOps API key as 'Authorization: Bearer <key>' (MLFLOW_TRACKING_TOKEN) or an MlOps e-mail and password as Basic credentials (MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD).",
            MlflowErrorCode.PermissionDenied when context.ProblemDetails.Detail is null =>
                "Your MlOps role may read but not change this; writes need the DataScientist or Admin role.",
            MlflowErrorCode.InternalError => $"MlOps failed to handle the request; quote request id {context.HttpContext.TraceIdentifier} to an administrator.",
            _ => context.ProblemDetails.Detail ?? context.ProblemDetails.Title ?? code,
        };
        response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(response.Body, new MlflowError(code, message), MlflowJson.Options, context.HttpContext.RequestAborted);
    }
}

internal static class MlflowPaths
{
    public const string Tracking = "/api/2.0/mlflow";
    public const string Artifacts = "/api/2.0/mlflow-artifacts";

    public static bool IsMlflow(PathString path) => path.StartsWithSegments(Tracking) || path.StartsWithSegments(Artifacts);
}
