using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Routing;
using MlOps.Web.Components.Shared;

namespace MlOps.Web.Components.Layout;

/// <summary>An app bar count that other sessions change too: read again on every navigation, on a timer and when this circuit's <see cref="Signal"/> fires.</summary>
public abstract class CountBadge : StoppableComponent
{
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(30);

    [Inject] private NavigationManager Navigation { get; set; } = default!;

    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    protected bool Shown { get; private set; }

    protected int Count { get; private set; }

    protected abstract CircuitSignal Signal { get; }

    protected abstract bool IsShownTo(ClaimsPrincipal user);

    protected abstract Task<int> CountAsync(CancellationToken cancellationToken);

    protected override async Task OnInitializedAsync()
    {
        Shown = IsShownTo((await AuthenticationState).User);
        if (!Shown) return;
        Count = await CountAsync(Stopping);
        if (Stopping.IsCancellationRequested) return;
        Navigation.LocationChanged += OnLocationChanged;
        Signal.Changed += OnSignal;
        _ = RefreshPeriodicallyAsync();
    }

    protected override void OnStopping()
    {
        Navigation.LocationChanged -= OnLocationChanged;
        Signal.Changed -= OnSignal;
    }

    private void OnLocationChanged(object? sender, LocationChangedEventArgs e) => _ = InvokeAsync(RefreshAsync);

    private Task OnSignal() => InvokeAsync(RefreshAsync);

    private async Task RefreshPeriodicallyAsync()
    {
        using var timer = new PeriodicTimer(RefreshInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(Stopping)) await InvokeAsync(RefreshAsync);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task RefreshAsync()
    {
        if (Stopping.IsCancellationRequested) return;
        Count = await CountAsync(Stopping);
        StateHasChanged();
    }
}
