using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MlOps.Modules.Platform.Http;

/// <summary>Writes <c>{status, checks:{name:{status, description}}}</c>, so an operator sees which dependency failed and what to fix.</summary>
internal static class HealthResponse
{
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        };
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, JsonSerializerOptions.Web), context.RequestAborted);
    }
}
