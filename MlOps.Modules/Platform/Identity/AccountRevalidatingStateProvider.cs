using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.Extensions.Logging;

namespace MlOps.Modules.Platform.Identity;

/// <summary>
/// An open Blazor circuit keeps the principal it started with; this re-checks it against the account so a disabled,
/// demoted or re-passworded user's pages drop to the sign-in page within seconds. The check is a cached look-up.
/// </summary>
internal sealed class AccountRevalidatingStateProvider(ILoggerFactory loggerFactory, AccountStates accounts)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromSeconds(2);

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken) =>
        await accounts.IsCurrentAsync(authenticationState.User, cancellationToken);
}
