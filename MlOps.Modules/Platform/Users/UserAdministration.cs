using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using MlOps.Modules.Platform.Contracts;
using MlOps.Modules.Platform.Identity;

namespace MlOps.Modules.Platform.Users;

internal sealed class UserAdministration(UserManager<IdentityUser> users, AccountStates accounts, IAuditLog audit, TimeProvider clock) : IUserAdministration
{
    public async Task<IReadOnlyList<UserSummary>> ListAsync(CancellationToken cancellationToken)
    {
        var all = await users.Users.AsNoTracking().OrderBy(u => u.Email).ToListAsync(cancellationToken);
        var summaries = new List<UserSummary>(all.Count);
        foreach (var user in all) summaries.Add(await SummarizeAsync(user));
        return summaries;
    }

    public async Task<OperationResult<UserSummary>> CreateAsync(NewUser user, string actor, CancellationToken cancellationToken)
    {
        if (await users.FindByEmailAsync(user.Email) is not null)
            return OperationResult<UserSummary>.Fail(OperationError.Conflict, "email", $"A user with the email {user.Email} already exists.");

        var created = new IdentityUser { UserName = user.Email, Email = user.Email, EmailConfirmed = true, LockoutEnabled = true };
        var outcome = await users.CreateAsync(created, user.Password);
        if (!outcome.Succeeded) return OperationResult<UserSummary>.Fail(OperationError.Invalid, IdentityProblems(outcome));

        await users.AddToRoleAsync(created, user.Role);
        await audit.RecordAsync(new AuditEvent(actor, "user.created", "user", created.Id, $"{user.Email} ({user.Role})"), cancellationToken);
        return OperationResult<UserSummary>.Ok(await SummarizeAsync(created));
    }

    public async Task<OperationResult<UserSummary>> SetRoleAsync(string userId, string role, string actor, CancellationToken cancellationToken)
    {
        if (!Roles.IsKnown(role))
            return OperationResult<UserSummary>.Fail(OperationError.Invalid, "role", $"Role must be one of {string.Join(", ", Roles.All)}.");
        var user = await users.FindByIdAsync(userId);
        if (user is null) return NotFound(userId);

        var current = await users.GetRolesAsync(user);
        if (current.Contains(Roles.Admin) && role != Roles.Admin)
        {
            if (IsActor(user, actor))
                return OperationResult<UserSummary>.Fail(OperationError.Conflict, "role", "You cannot take the Admin role from yourself; ask another Admin.");
            if (await IsLastActiveAdminAsync(user))
                return OperationResult<UserSummary>.Fail(OperationError.Conflict, "role", "The last active Admin cannot lose the Admin role; make another user Admin first.");
        }

        await users.RemoveFromRolesAsync(user, current);
        await users.AddToRoleAsync(user, role);
        await users.UpdateSecurityStampAsync(user);
        await accounts.ChangedAsync(CancellationToken.None);
        await audit.RecordAsync(new AuditEvent(actor, "user.role-changed", "user", user.Id, $"{string.Join(",", current)} -> {role}"), cancellationToken);
        return OperationResult<UserSummary>.Ok(await SummarizeAsync(user));
    }

    public async Task<OperationResult<UserSummary>> SetDisabledAsync(string userId, bool disabled, string actor, CancellationToken cancellationToken)
    {
        var user = await users.FindByIdAsync(userId);
        if (user is null) return NotFound(userId);
        if (disabled && IsActor(user, actor))
            return OperationResult<UserSummary>.Fail(OperationError.Conflict, "userId", "You cannot disable your own account; ask another Admin.");
        if (disabled && await users.IsInRoleAsync(user, Roles.Admin) && await IsLastActiveAdminAsync(user))
            return OperationResult<UserSummary>.Fail(OperationError.Conflict, "userId", "The last active Admin cannot be disabled; make another user Admin first.");

        await users.SetLockoutEnabledAsync(user, true);
        await users.SetLockoutEndDateAsync(user, disabled ? AccountStates.DisabledUntil : null);
        await users.ResetAccessFailedCountAsync(user);
        await users.UpdateSecurityStampAsync(user);
        await accounts.ChangedAsync(CancellationToken.None);
        await audit.RecordAsync(new AuditEvent(actor, disabled ? "user.disabled" : "user.enabled", "user", user.Id, user.Email), cancellationToken);
        return OperationResult<UserSummary>.Ok(await SummarizeAsync(user));
    }

    public async Task<OperationResult<UserSummary>> ChangePasswordAsync(
        string userId, string currentPassword, string newPassword, string actor, CancellationToken cancellationToken)
    {
        var user = await users.FindByIdAsync(userId);
        if (user is null) return NotFound(userId);
        return await ReplacePasswordAsync(user, () => users.ChangePasswordAsync(user, currentPassword, newPassword), "user.password-changed", actor, cancellationToken);
    }

    public async Task<OperationResult<UserSummary>> ResetPasswordAsync(string userId, string newPassword, string actor, CancellationToken cancellationToken)
    {
        var user = await users.FindByIdAsync(userId);
        if (user is null) return NotFound(userId);
        if (IsActor(user, actor))
            return OperationResult<UserSummary>.Fail(OperationError.Conflict, "userId", "Change your own password with your current one, under Account → Change password.");
        var token = await users.GeneratePasswordResetTokenAsync(user);
        return await ReplacePasswordAsync(user, () => users.ResetPasswordAsync(user, token, newPassword), "user.password-reset", actor, cancellationToken);
    }

    private async Task<OperationResult<UserSummary>> ReplacePasswordAsync(
        IdentityUser user, Func<Task<IdentityResult>> replace, string action, string actor, CancellationToken cancellationToken)
    {
        var outcome = await replace();
        if (!outcome.Succeeded)
            return OperationResult<UserSummary>.Fail(OperationError.Invalid, outcome.Errors
                .GroupBy(e => e.Code == nameof(IdentityErrorDescriber.PasswordMismatch) ? "currentPassword" : "newPassword")
                .ToDictionary(g => g.Key, g => g.Select(e => e.Description).ToArray()));
        await accounts.ChangedAsync(CancellationToken.None);
        await audit.RecordAsync(new AuditEvent(actor, action, "user", user.Id, user.Email), cancellationToken);
        return OperationResult<UserSummary>.Ok(await SummarizeAsync(user));
    }

    private static bool IsActor(IdentityUser user, string actor) => user.Email is { } email && Actors.SamePerson(actor, email);

    private async Task<bool> IsLastActiveAdminAsync(IdentityUser user)
    {
        var admins = await users.GetUsersInRoleAsync(Roles.Admin);
        return admins.Where(a => a.Id != user.Id).All(AccountStates.IsDisabled);
    }

    private async Task<UserSummary> SummarizeAsync(IdentityUser user)
    {
        var roles = await users.GetRolesAsync(user);
        var lockedOut = !AccountStates.IsDisabled(user) && user.LockoutEnd > clock.GetUtcNow();
        return new UserSummary(user.Id, user.Email ?? user.UserName ?? user.Id, roles.FirstOrDefault() ?? "", AccountStates.IsDisabled(user), lockedOut);
    }

    private static OperationResult<UserSummary> NotFound(string userId) =>
        OperationResult<UserSummary>.Fail(OperationError.NotFound, "userId", $"No user has the id {userId}.");

    private static Dictionary<string, string[]> IdentityProblems(IdentityResult result) =>
        result.Errors
            .GroupBy(e => e.Code.Contains("Password", StringComparison.Ordinal) ? "password" : "email")
            .ToDictionary(g => g.Key, g => g.Select(e => e.Description).ToArray());
}
