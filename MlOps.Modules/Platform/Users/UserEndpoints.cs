using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using MlOps.Modules.Platform.Contracts;

namespace MlOps.Modules.Platform.Users;

internal static class UserEndpoints
{
    public static void MapUserEndpoints(this IEndpointRouteBuilder api)
    {
        var users = api.MapGroup("/admin/users").RequireAuthorization(Policies.Administer).WithTags("Admin");
        users.MapPost("/", CreateAsync).WithValidation<CreateUserRequest>().WithName("CreateUser").WithSummary("Creates a user with one role");
        users.MapGet("/", ListAsync).WithName("ListUsers").WithSummary("Lists users with their role and status");
        users.MapPut("/{id}/role", SetRoleAsync).WithValidation<SetRoleRequest>().WithName("SetUserRole").WithSummary("Changes a user's role");
        users.MapPost("/{id}/disable", (string id, IUserAdministration admin, ClaimsPrincipal user, CancellationToken ct) =>
            SetDisabledAsync(id, true, admin, user, ct)).WithName("DisableUser").WithSummary("Disables a user: they can no longer sign in");
        users.MapPost("/{id}/enable", (string id, IUserAdministration admin, ClaimsPrincipal user, CancellationToken ct) =>
            SetDisabledAsync(id, false, admin, user, ct)).WithName("EnableUser").WithSummary("Enables a disabled user");
        users.MapPost("/{id}/password", ResetPasswordAsync).WithValidation<ResetPasswordRequest>()
            .WithName("ResetUserPassword").WithSummary("Sets another user's password; their sessions and keys must authenticate again");
    }

    private static async Task<Results<Created<UserSummary>, ProblemHttpResult>> CreateAsync(
        CreateUserRequest request, IUserAdministration admin, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var result = await admin.CreateAsync(new NewUser(request.Email.Trim(), request.Password, request.Role), user.ActorName(), cancellationToken);
        return result.Succeeded
            ? TypedResults.Created($"/api/v1/admin/users/{result.Value!.Id}", result.Value)
            : OperationProblems.From(result);
    }

    private static async Task<Ok<IReadOnlyList<UserSummary>>> ListAsync(IUserAdministration admin, CancellationToken cancellationToken) =>
        TypedResults.Ok(await admin.ListAsync(cancellationToken));

    private static async Task<Results<Ok<UserSummary>, ProblemHttpResult>> SetRoleAsync(
        string id, SetRoleRequest request, IUserAdministration admin, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        OperationProblems.OkOr(await admin.SetRoleAsync(id, request.Role, user.ActorName(), cancellationToken));

    private static async Task<Results<Ok<UserSummary>, ProblemHttpResult>> SetDisabledAsync(
        string id, bool disabled, IUserAdministration admin, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        OperationProblems.OkOr(await admin.SetDisabledAsync(id, disabled, user.ActorName(), cancellationToken));

    private static async Task<Results<NoContent, ProblemHttpResult>> ResetPasswordAsync(
        string id, ResetPasswordRequest request, IUserAdministration admin, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var result = await admin.ResetPasswordAsync(id, request.NewPassword, user.ActorName(), cancellationToken);
        return result.Succeeded ? TypedResults.NoContent() : OperationProblems.From(result);
    }
}
