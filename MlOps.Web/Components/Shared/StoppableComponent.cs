using Microsoft.AspNetCore.Components;

namespace MlOps.Web.Components.Shared;

/// <summary>
/// A component whose reads and timers outlive a render: <see cref="Stopping"/> is cancelled when it goes away,
/// so work still in flight ends quietly.
/// </summary>
public abstract class StoppableComponent : ComponentBase, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();

    protected CancellationToken Stopping => _stopping.Token;

    /// <summary>Called once, when the component goes away.</summary>
    protected virtual void OnStopping()
    {
    }

    public void Dispose()
    {
        if (_stopping.IsCancellationRequested) return;
        _stopping.Cancel();
        OnStopping();
        GC.SuppressFinalize(this);
    }
}
