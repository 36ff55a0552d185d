using System.Text.RegularExpressions;

namespace MlOps.Tests.Support;

/// <summary>Signs in the way a browser does: fetch the form, then post it with its antiforgery token.</summary>
public static partial class LoginForm
{
    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string email, string password, bool includeToken = true, string returnUrl = "/")
    {
        var page = await client.GetStringAsync("/login");
        var fields = new Dictionary<string, string> { ["email"] = email, ["password"] = password, ["returnUrl"] = returnUrl };
        if (includeToken) fields["__RequestVerificationToken"] = AntiforgeryToken().Match(page).Groups[1].Value;
        return await client.PostAsync("/account/login", new FormUrlEncodedContent(fields));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
