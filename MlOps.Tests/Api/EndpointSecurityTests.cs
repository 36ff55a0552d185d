using System.Net;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using MlOps.Tests.Support;

namespace MlOps.Tests.Api;

public sealed class EndpointSecurityTests(MlOpsFactory factory) : IClassFixture<MlOpsFactory>
{
    /// <summary>The explicit anonymous allow-list; everything else needs credentials.</summary>
    private static readonly string[] AnonymousRoutes =
    [
        "/health/live", "/health/ready", "/openapi/{documentName}.json", "/docs/{documentName?}", "/login", "/account/login", "/metrics",
    ];

    [Fact]
    public async Task Every_api_route_answers_401_without_credentials()
    {
        var apiEndpoints = RouteEndpoints().Where(e => e.RoutePattern.RawText!.TrimStart('/').StartsWith("api/", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(apiEndpoints);
        using var client = factory.CreateClient();

        var failures = new List<string>();
        foreach (var endpoint in apiEndpoints)
        {
            foreach (var method in Methods(endpoint))
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), SampleUrl(endpoint));
                if (method is "POST" or "PUT" or "PATCH") request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
                var response = await client.SendAsync(request);
                if (response.StatusCode != HttpStatusCode.Unauthorized) failures.Add($"{method} {endpoint.RoutePattern.RawText} -> {(int)response.StatusCode}");
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public void Only_the_allow_list_and_static_files_are_anonymous()
    {
        var anonymous = RouteEndpoints()
            .Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is not null)
            .Select(e => "/" + e.RoutePattern.RawText!.TrimStart('/'))
            .Where(route => !IsStaticFile(route))
            .Distinct()
            .ToList();

        Assert.Empty(anonymous.Except(AnonymousRoutes));
    }

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    [InlineData("/openapi/v1.json")]
    [InlineData("/login")]
    [InlineData("/metrics")]
    public async Task Allow_listed_routes_answer_without_credentials(string path)
    {
        var response = await factory.CreateClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private IEnumerable<RouteEndpoint> RouteEndpoints() =>
        factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();

    private static IEnumerable<string> Methods(RouteEndpoint endpoint) =>
        endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"];

    private static string SampleUrl(RouteEndpoint endpoint) =>
        "/" + string.Join('/', endpoint.RoutePattern.PathSegments.Select(segment =>
            string.Concat(segment.Parts.Select(part => part switch
            {
                Microsoft.AspNetCore.Routing.Patterns.RoutePatternLiteralPart literal => literal.Content,
                Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart => "1",
                _ => "",
            }))));

    private static bool IsStaticFile(string route) =>
        !route.Contains('{') && Path.HasExtension(route.Split('/').Last());
}
