namespace MlOps.Web.Components.Shared;

/// <summary>Tells the app bar badge of this circuit that a page just changed the promotion queue, so it need not wait for its timer.</summary>
public sealed class PromotionQueueSignal
{
    public event Func<Task>? Changed;

    public async Task RaiseAsync()
    {
        foreach (var handler in Changed?.GetInvocationList().Cast<Func<Task>>() ?? [])
            await handler();
    }
}
