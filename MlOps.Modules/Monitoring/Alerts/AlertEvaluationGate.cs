namespace MlOps.Modules.Monitoring.Alerts;

/// <summary>
/// One evaluation at a time in the process: the scheduled job and "check now" must not both find no open alert and
/// raise the same one twice.
/// </summary>
internal sealed class AlertEvaluationGate : IDisposable
{
    private readonly SemaphoreSlim _semaphore = new(1, 1);

    public async Task<IDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        await _semaphore.WaitAsync(cancellationToken);
        return new Exit(_semaphore);
    }

    public void Dispose() => _semaphore.Dispose();

    private sealed class Exit(SemaphoreSlim semaphore) : IDisposable
    {
        public void Dispose() => semaphore.Release();
    }
}
