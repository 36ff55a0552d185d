using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using MlOps.Modules.Platform.Contracts;

namespace MlOps.Modules.Platform.Identity;

/// <summary>401 and 403 answers that tell the caller what to do next.</summary>
internal static class AuthProblems
{
    public const string SignInHint = "Sign in at /login, or send an API key in the X-Api-Key header (an Admin creates keys under Admin → API keys).";

    public static Task UnauthorizedAsync(HttpContext context, string? reason) =>
        Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized.",
            detail: reason is null ? SignInHint : $"{reason} {SignInHint}").ExecuteAsync(context);

    public static Task ForbiddenAsync(HttpContext context) =>
        Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden.", detail: ForbiddenDetail(context.User)).ExecuteAsync(context);

    private static string ForbiddenDetail(ClaimsPrincipal user) => user.PersonId() is null
        ? "This is a service key: it acts for no person, so it may not do what needs one (such as deciding a promotion). Use your own sign-in or key."
        : $"Your role ({Roles.HighestOf(user) ?? "none"}) may not do this. Ask an Admin for a role that may, or use a credential that has it.";
}
