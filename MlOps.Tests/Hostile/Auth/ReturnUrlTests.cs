using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using MlOps.Tests.Support;

namespace MlOps.Tests.Hostile.Auth;

public sealed class ReturnUrlTests(MlOpsFactory factory) : IClassFixture<MlOpsFactory>
{
    [Theory]
    [InlineData("/\t/evil", "/")]
    [InlineData("/models\r\nSet-Cookie: x=1", "/")]
    [InlineData("/%09x", "/%09x")]
    public async Task Sign_in_with_a_control_character_in_the_return_url_redirects_home_instead_of_failing(string returnUrl, string expected)
    {
        using var browser = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

        var response = await LoginForm.PostAsync(browser, MlOpsFactory.AdminEmail, MlOpsFactory.AdminPassword, returnUrl: returnUrl);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(expected, response.Headers.Location?.OriginalString);
    }
}
