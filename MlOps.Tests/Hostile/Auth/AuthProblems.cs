using System.Net.Http.Json;
using System.Text.Json;

namespace MlOps.Tests.Hostile.Auth;

internal static class AuthProblems
{
    public static async Task<string> DetailOf(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString() ?? "";
}
