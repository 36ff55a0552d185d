using System.Text.Json;
using System.Text.RegularExpressions;
using MlOps.Tests.Support;

namespace MlOps.Tests.Api;

public sealed partial class ApiReferenceTests(MlOpsFactory factory) : IClassFixture<MlOpsFactory>
{
    [Fact]
    public async Task The_openapi_document_declares_the_api_key_header_and_the_sign_in_cookie()
    {
        using var client = factory.CreateClient();

        using var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json"));

        var schemes = document.RootElement.GetProperty("components").GetProperty("securitySchemes");
        var apiKey = schemes.GetProperty("ApiKey");
        Assert.Equal(("apiKey", "header", "X-Api-Key"), (apiKey.GetProperty("type").GetString(), apiKey.GetProperty("in").GetString(), apiKey.GetProperty("name").GetString()));
        var cookie = schemes.GetProperty("SignInCookie");
        Assert.Equal(("cookie", "mlops.auth"), (cookie.GetProperty("in").GetString(), cookie.GetProperty("name").GetString()));
        var required = document.RootElement.GetProperty("security").EnumerateArray().SelectMany(r => r.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["ApiKey", "SignInCookie"], required);
    }

    [Fact]
    public async Task The_docs_page_loads_nothing_from_other_hosts()
    {
        using var client = factory.CreateClient();

        var html = await client.GetStringAsync("/docs/");

        Assert.Empty(ExternalReferences().Matches(html).Select(m => m.Value));
        Assert.Contains("\"hideClientButton\":true", html, StringComparison.Ordinal);
        Assert.Contains("\"withDefaultFonts\":false", html, StringComparison.Ordinal);
    }

    /// <summary>A script, stylesheet or font pulled from an absolute address.</summary>
    [GeneratedRegex("""(src|href)\s*=\s*["']?(https?:)?//[^"'\s>]+|@import\s+url\(\s*["']?(https?:)?//|cdn\.jsdelivr|fonts\.(googleapis|scalar)""", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalReferences();
}
