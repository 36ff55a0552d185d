using System.Threading.RateLimiting;
using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using MlOps.Modules.Platform.ApiKeys;
using MlOps.Modules.Platform.Artifacts;
using MlOps.Modules.Platform.Audit;
using MlOps.Modules.Platform.Cluster;
using MlOps.Modules.Platform.Contracts;
using MlOps.Modules.Platform.Data;
using MlOps.Modules.Platform.DataProtection;
using MlOps.Modules.Platform.Http;
using MlOps.Modules.Platform.Identity;
using MlOps.Modules.Platform.Persistence;
using MlOps.Modules.Platform.Users;

namespace MlOps.Modules.Platform;

public static class PlatformModule
{
    private static readonly TimeSpan ReadyCheckTimeout = TimeSpan.FromSeconds(15);

    public static IServiceCollection AddPlatformModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MlOpsOptions>().Bind(configuration.GetSection(MlOpsOptions.SectionName))
            .Validate(o => !string.IsNullOrWhiteSpace(o.DataDirectory), "MlOps:DataDirectory must name a folder.")
            .Validate(o => o.InstanceName.Length <= 200, "MlOps:Instance must be at most 200 characters.")
            .Validate(o => o.Cluster.HeartbeatSeconds > 0, "MlOps:Cluster:HeartbeatSeconds must be positive.")
            .Validate(o => o.Cluster.ReplicaTimeoutSeconds >= 2 * o.Cluster.HeartbeatSeconds,
                "MlOps:Cluster:ReplicaTimeoutSeconds must be at least twice MlOps:Cluster:HeartbeatSeconds, so one late heartbeat is not taken for a death.")
            .ValidateOnStart();
        services.AddOptions<SchedulingOptions>().Bind(configuration.GetSection(SchedulingOptions.SectionName))
            .Validate(o => o.MinimumIntervalSeconds > 0, "Scheduling:MinimumIntervalSeconds must be positive.")
            .ValidateOnStart();
        services.AddOptions<BootstrapOptions>().Bind(configuration.GetSection(BootstrapOptions.SectionName))
            .Validate(o => string.IsNullOrEmpty(o.ApiKey) || o.ApiKey.Length >= 16, "Bootstrap:ApiKey must be at least 16 characters.")
            .Validate(o => string.IsNullOrEmpty(o.AdminEmail) == string.IsNullOrEmpty(o.AdminPassword), "Bootstrap:AdminEmail and Bootstrap:AdminPassword go together.")
            .ValidateOnStart();
        services.AddOptions<LoginOptions>().Bind(configuration.GetSection(LoginOptions.SectionName))
            .Validate(o => o.PermitsPerMinute > 0, "Platform:Login:PermitsPerMinute must be positive.")
            .ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(provider => SharedDatabase.From(provider.GetRequiredService<IOptions<MlOpsOptions>>().Value, configuration));
        services.AddSingleton<IModuleInitializer, DataDirectory>();
        services.AddSingleton<IModuleInitializer, UnfinishedWriteSweep>();
        services.AddModuleDbContext<PlatformDbContext>(PlatformDbContext.TablePrefix);

        services.AddMlOpsIdentity();
        services.AddSingleton<IModuleInitializer, IdentityBootstrapper>();
        services.AddSingleton<ReplicaSignals>();
        services.AddSingleton<IReplicaSignals>(provider => provider.GetRequiredService<ReplicaSignals>());
        services.AddHostedService(provider => provider.GetRequiredService<ReplicaSignals>());
        services.AddMlOpsScheduler(configuration);
        services.AddSingleton<ReplicaHeartbeat>();
        services.AddSingleton<IReplica>(provider => provider.GetRequiredService<ReplicaHeartbeat>());
        services.AddSingleton<IModuleInitializer>(provider => provider.GetRequiredService<ReplicaHeartbeat>());
        services.AddHostedService(provider => provider.GetRequiredService<ReplicaHeartbeat>());
        services.AddSingleton<ApiKeyCache>();
        services.AddScoped<ApiKeyService>();
        services.AddScoped<IApiKeys>(provider => provider.GetRequiredService<ApiKeyService>());
        services.AddScoped<IUserAdministration, UserAdministration>();
        services.AddScoped<IAuditLog, AuditLog>();
        services.AddValidatorsFromAssemblyContaining<CreateUserValidator>(includeInternalTypes: true);
        ValidatorOptions.Global.DefaultRuleLevelCascadeMode = CascadeMode.Stop;
        ValidatorOptions.Global.PropertyNameResolver = (_, member, expression) =>
            member is null ? null : System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(member.Name);
        services.AddArtifactStore(configuration);

        services.AddMlOpsProblemDetails();
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: [DatabaseHealthCheck.ReadyTag], timeout: ReadyCheckTimeout)
            .AddCheck<ArtifactStoreHealthCheck>("artifacts", tags: [DatabaseHealthCheck.ReadyTag], timeout: ReadyCheckTimeout)
            .AddCheck<SchedulerHealthCheck>("scheduler", tags: [DatabaseHealthCheck.ReadyTag], timeout: ReadyCheckTimeout);
        services.AddDataProtection().SetApplicationName("MlOps");
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(provider => new ConfigureOptions<KeyManagementOptions>(
            options => options.XmlRepository = new DatabaseKeyRepository(provider.GetRequiredService<IServiceScopeFactory>())));
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.AddPolicy(LoginOptions.RateLimitPolicy, context =>
            {
                var permits = context.RequestServices.GetRequiredService<IOptions<LoginOptions>>().Value.PermitsPerMinute;
                return RateLimitPartition.GetFixedWindowLimiter(context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
            });
            options.OnRejected = async (context, cancellationToken) =>
            {
                var wait = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? (int)Math.Ceiling(retryAfter.TotalSeconds) : 1;
                context.HttpContext.Response.Headers.RetryAfter = wait.ToString(System.Globalization.CultureInfo.InvariantCulture);
                var detail = context.HttpContext.Request.Path.StartsWithSegments("/account/login")
                    ? "Too many sign-in attempts from this address; wait a minute and try again."
                    : $"Too many requests for this API key; retry after {wait} second(s).";
                await Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests.", detail: detail)
                    .ExecuteAsync(context.HttpContext);
            };
        });
        return services;
    }

    /// <summary>Runs every module's start-up work (data directory, migrations, seeding) in order.</summary>
    public static async Task InitializeModulesAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        foreach (var initializer in services.GetServices<IModuleInitializer>().OrderBy(i => i.Order))
            await initializer.InitializeAsync(cancellationToken);
    }

    public static IApplicationBuilder UseRequestId(this IApplicationBuilder app) => app.UseMiddleware<RequestIdMiddleware>();

    /// <summary>Keeps upload buffers under the data directory, where a cut or killed upload's buffer is cleaned up.</summary>
    public static IApplicationBuilder UseUploadBuffering(this IApplicationBuilder app) => app.UseMiddleware<UploadBuffering>();

    /// <summary>Content-Security-Policy, nosniff, Referrer-Policy and framing on every response.</summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.UseMiddleware<SecurityHeaders>();

    /// <summary>Refuses cookie-authenticated writes that do not prove they came from this app; goes after authentication.</summary>
    public static IApplicationBuilder UseCookieWriteIntent(this IApplicationBuilder app) => app.UseMiddleware<CookieWriteIntent>();

    public static void MapPlatformEndpoints(this IEndpointRouteBuilder app, IEndpointRouteBuilder api)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = c => c.Tags.Contains(DatabaseHealthCheck.ReadyTag),
            ResponseWriter = HealthResponse.WriteAsync,
        }).AllowAnonymous();
        app.MapAccountEndpoints();
        api.MapAccountApiEndpoints();
        api.MapApiKeyEndpoints();
        api.MapUserEndpoints();
        api.MapAuditEndpoints();
    }
}
