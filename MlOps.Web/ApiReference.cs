using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using MlOps.Modules.Platform.Contracts;
using Scalar.AspNetCore;

namespace MlOps.Web;

/// <summary>The OpenAPI document's credentials and the /docs page that reads it.</summary>
internal static class ApiReference
{
    public const string ApiKeyScheme = "ApiKey";
    public const string CookieScheme = "SignInCookie";

    /// <summary>Declares both ways in, so /docs offers a field for the key and sends it with every request it tries.</summary>
    public static OpenApiOptions DeclareCredentials(this OpenApiOptions options) => options.AddDocumentTransformer((document, _, _) =>
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[ApiKeyScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = PlatformCredentials.ApiKeyHeader,
            Description = "An API key from Admin → API keys (shown once when created).",
        };
        document.Components.SecuritySchemes[CookieScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Cookie,
            Name = PlatformCredentials.SignInCookie,
            Description = "The browser's sign-in cookie: /docs opened in a signed-in browser sends it by itself.",
        };
        document.Security =
        [
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeyScheme, document)] = [] },
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(CookieScheme, document)] = [] },
        ];
        return Task.CompletedTask;
    });

    /// <summary>Everything /docs needs is served by MlOps itself: no web fonts or telemetry from elsewhere, and no vendor buttons (client picker, developer tools, AI agent, MCP).</summary>
    public static ScalarOptions ServedLocally(this ScalarOptions options)
    {
        options.WithTitle("MlOps API");
        options.DefaultFonts = false;
        options.Telemetry = false;
        options.HideClientButton = true;
        options.ShowDeveloperTools = DeveloperToolsVisibility.Never;
        options.DisableAgent();
        options.DisableMcp();
        options.AddPreferredSecuritySchemes([ApiKeyScheme]);
        return options;
    }
}
