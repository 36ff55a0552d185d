using System.Security.Claims;
using FluentValidation;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using MlOps.Modules.Platform.Contracts;

namespace MlOps.Modules.Platform.Identity;

internal sealed record AntiforgeryTokenResponse(string Token, string HeaderName);

internal sealed record ChangePasswordRequest(string CurrentPassword, string NewPassword);

internal sealed class ChangePasswordValidator : AbstractValidator<ChangePasswordRequest>
{
    public ChangePasswordValidator()
    {
        RuleFor(r => r.CurrentPassword).NotEmpty();
        RuleFor(r => r.NewPassword).NotEmpty().MinimumLength(IdentitySetup.MinimumPasswordLength);
    }
}

/// <summary>The signed-in person's own account, under <c>/api/v1/account</c>.</summary>
internal static class AccountApiEndpoints
{
    public static void MapAccountApiEndpoints(this IEndpointRouteBuilder api)
    {
        var account = api.MapGroup("/account").RequireAuthorization(Policies.Read).WithTags("Account");
        account.MapGet("/antiforgery", IssueAntiforgeryToken).WithName("GetAntiforgeryToken")
            .WithSummary($"A token for scripts that write with the sign-in cookie: send it in {CookieWriteIntent.TokenHeader}");
        account.MapPost("/password", ChangePasswordAsync).WithValidation<ChangePasswordRequest>().WithName("ChangeOwnPassword")
            .WithSummary("Changes your own password; your other sessions and your keys' cached sign-ins end");
    }

    private static Ok<AntiforgeryTokenResponse> IssueAntiforgeryToken(HttpContext context, IAntiforgery antiforgery) =>
        TypedResults.Ok(new AntiforgeryTokenResponse(antiforgery.GetAndStoreTokens(context).RequestToken!, CookieWriteIntent.TokenHeader));

    private static async Task<Results<NoContent, ProblemHttpResult>> ChangePasswordAsync(
        ChangePasswordRequest request, ClaimsPrincipal user, IUserAdministration admin, SignInManager<IdentityUser> signIn, CancellationToken cancellationToken)
    {
        if (user.PersonId() is not { } userId)
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden.",
                detail: "A service key belongs to no user and has no password; sign in or use a key of your own.");

        var result = await admin.ChangePasswordAsync(userId, request.CurrentPassword, request.NewPassword, user.ActorName(), cancellationToken);
        if (!result.Succeeded) return OperationProblems.From(result);
        // The new security stamp ends every session of this user; the one that asked keeps going with a fresh cookie.
        if (CookieWriteIntent.IsCookieAuthenticated(user) && await signIn.UserManager.FindByIdAsync(userId) is { } changed)
            await signIn.RefreshSignInAsync(changed);
        return TypedResults.NoContent();
    }
}
