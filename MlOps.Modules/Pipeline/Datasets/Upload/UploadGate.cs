namespace MlOps.Modules.Pipeline.Datasets.Upload;

/// <summary>
/// Serialises the check-for-duplicate-then-insert step of uploads in this process, so two uploads
/// of one dataset cannot both take the next version number.
/// </summary>
internal sealed class UploadGate
{
    private readonly SemaphoreSlim _semaphore = new(1, 1);

    public async Task<IDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        await _semaphore.WaitAsync(cancellationToken);
        return new Release(_semaphore);
    }

    private sealed class Release(SemaphoreSlim semaphore) : IDisposable
    {
        public void Dispose() => semaphore.Release();
    }
}
