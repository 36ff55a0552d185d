namespace MlOps.Web.Components.Shared;

/// <summary>Tells the app bar badges of this circuit that a page just changed what they count, so they need not wait for their timer.</summary>
public abstract class CircuitSignal
{
    public event Func<Task>? Changed;

    public async Task RaiseAsync()
    {
        foreach (var handler in Changed?.GetInvocationList().Cast<Func<Task>>() ?? [])
            await handler();
    }
}
