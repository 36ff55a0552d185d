using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MlOps.Modules.Serving;

/// <summary>Predictions per second per caller (API key or user); <c>Serving:RateLimit:PermitsPerSecond</c> 0 leaves them unlimited.</summary>
internal static class ServingRateLimit
{
    public const string PolicyName = "serving-predict";

    public static void AddPolicy(RateLimiterOptions options) =>
        options.AddPolicy(PolicyName, context =>
        {
            var permits = context.RequestServices.GetRequiredService<IOptions<ServingOptions>>().Value.RateLimit.PermitsPerSecond;
            var caller = context.User.Identity?.Name ?? context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
            return RateLimitPartition.GetFixedWindowLimiter(caller,
                _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromSeconds(1), QueueLimit = 0 });
        });

    /// <summary>Predict routes join the limiter only when a limit is set: unlimited requests skip its partition look-up.</summary>
    public static TBuilder RateLimitedBy<TBuilder>(this TBuilder endpoint, ServingOptions options)
        where TBuilder : IEndpointConventionBuilder =>
        options.RateLimit.PermitsPerSecond > 0 ? endpoint.RequireRateLimiting(PolicyName) : endpoint;
}
