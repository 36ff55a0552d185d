using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace MlOps.Web.Components.Shared;

/// <summary>
/// A component with a DI scope of its own. Some modules' services share one DbContext per scope, and two components of
/// a circuit reading at once (a page and an app bar badge, two panels of a page) would collide on it.
/// <see cref="Stopping"/> is cancelled before the scope goes, so reads still in flight end quietly.
/// </summary>
public abstract class ScopedComponent : OwningComponentBase
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly SemaphoreSlim _gate = new(1, 1);

    protected CancellationToken Stopping => _stopping.Token;

    protected T Service<T>() where T : notnull => ScopedServices.GetRequiredService<T>();

    /// <summary>
    /// Runs one call on the scope's services at a time: a table reloading while a button acts would otherwise start a
    /// second operation on a DbContext that is still busy with the first.
    /// </summary>
    protected async Task<T> OneAtATimeAsync<T>(Func<CancellationToken, Task<T>> call)
    {
        await _gate.WaitAsync(Stopping);
        try
        {
            return await call(Stopping);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Called once, when the component goes away, before its scope is disposed.</summary>
    protected virtual void OnStopping()
    {
    }

    // The renderer disposes asynchronously, which reaches Dispose(false): stop in both paths.
    protected override ValueTask DisposeAsyncCore()
    {
        Stop();
        return base.DisposeAsyncCore();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) Stop();
        base.Dispose(disposing);
    }

    private void Stop()
    {
        if (_stopping.IsCancellationRequested) return;
        _stopping.Cancel();
        OnStopping();
    }
}
