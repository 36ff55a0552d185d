using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using MlOps.Modules.Platform.ApiKeys;
using MlOps.Modules.Platform.Contracts;
using MlOps.Modules.Platform.Data;

namespace MlOps.Modules.Platform.Identity;

internal static class IdentitySetup
{
    public const string SchemeName = "MlOps";
    public const string LoginPath = "/login";

    public static IServiceCollection AddMlOpsIdentity(this IServiceCollection services)
    {
        services.AddTransient<ApiKeyAuthenticationHandler>();
        services.AddTransient<ApiKeyOrCookieHandler>();
        services.AddSingleton<BasicCredentialCache>();
        services.AddAuthentication(options =>
            {
                options.DefaultScheme = SchemeName;
                options.DefaultChallengeScheme = SchemeName;
                options.AddScheme<ApiKeyOrCookieHandler>(SchemeName, "API key or cookie");
                options.AddScheme<ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, "API key");
                options.AddScheme<ClientCredentialsHandler>(ClientCredentialsAuthentication.Scheme, "Bearer API key or Basic e-mail and password");
            })
            .AddIdentityCookies();

        services.ConfigureApplicationCookie(options =>
        {
            options.LoginPath = LoginPath;
            options.AccessDeniedPath = "/access-denied";
            options.Cookie.Name = PlatformCredentials.SignInCookie;
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.SlidingExpiration = true;
            options.ExpireTimeSpan = TimeSpan.FromHours(8);
            options.Events.OnRedirectToLogin = context => AnswerApiOrRedirect(context, () => AuthProblems.UnauthorizedAsync(context.HttpContext, null));
            options.Events.OnRedirectToAccessDenied = context => AnswerApiOrRedirect(context, () => AuthProblems.ForbiddenAsync(context.HttpContext));
            options.Events.OnValidatePrincipal = context => context.HttpContext.RequestServices.GetRequiredService<AccountStates>().ValidateCookieAsync(context);
        });
        services.AddSingleton<AccountStates>();
        services.AddScoped<AuthenticationStateProvider, AccountRevalidatingStateProvider>();
        services.AddAntiforgery(options => options.HeaderName = CookieWriteIntent.TokenHeader);

        services.AddIdentityCore<IdentityUser>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.Password.RequiredLength = MinimumPasswordLength;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                options.Lockout.AllowedForNewUsers = true;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<PlatformDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders();

        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(Policies.Read, p => p.RequireRole(Roles.All))
            .AddPolicy(Policies.Predict, p => p.RequireRole(Roles.All))
            .AddPolicy(Policies.Write, p => p.RequireRole(Roles.Admin, Roles.DataScientist))
            .AddPolicy(Policies.RequestPromotion, p => p.RequireRole(Roles.Admin, Roles.DataScientist))
            .AddPolicy(Policies.ApprovePromotion, p => p.RequireRole(Roles.Admin).RequireClaim(System.Security.Claims.ClaimTypes.NameIdentifier))
            .AddPolicy(Policies.Administer, p => p.RequireRole(Roles.Admin));
        return services;
    }

    public const int MinimumPasswordLength = 8;

    private static Task AnswerApiOrRedirect(RedirectContext<CookieAuthenticationOptions> context, Func<Task> answerApi)
    {
        // The Open Inference Protocol (/v2) is an API too: its clients need a status, not a sign-in page.
        if (context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments("/v2")) return answerApi();
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}
