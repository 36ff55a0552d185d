namespace MlOps.Modules.Platform.Contracts;

public sealed record UserSummary(string Id, string Email, string Role, bool Disabled, bool LockedOut);

public sealed record NewUser(string Email, string Password, string Role);

public interface IUserAdministration
{
    Task<IReadOnlyList<UserSummary>> ListAsync(CancellationToken cancellationToken);

    Task<OperationResult<UserSummary>> CreateAsync(NewUser user, string actor, CancellationToken cancellationToken);

    Task<OperationResult<UserSummary>> SetRoleAsync(string userId, string role, string actor, CancellationToken cancellationToken);

    Task<OperationResult<UserSummary>> SetDisabledAsync(string userId, bool disabled, string actor, CancellationToken cancellationToken);

    /// <summary>A user changes their own password, proving they know the current one; their other sessions end.</summary>
    Task<OperationResult<UserSummary>> ChangePasswordAsync(string userId, string currentPassword, string newPassword, string actor, CancellationToken cancellationToken);

    /// <summary>An Admin sets another user's password; that user's sessions and keys must sign in again.</summary>
    Task<OperationResult<UserSummary>> ResetPasswordAsync(string userId, string newPassword, string actor, CancellationToken cancellationToken);
}
