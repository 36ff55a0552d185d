using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace MlOps.Modules.Pipeline.Runs;

/// <summary>The bounded queue of runs waiting for a worker, and the cancellation handle of each run in progress.</summary>
internal sealed class RunQueue(IOptions<PipelineOptions> options)
{
    private readonly Channel<string> _waiting = Channel.CreateBounded<string>(new BoundedChannelOptions(options.Value.QueueCapacity)
    {
        FullMode = BoundedChannelFullMode.Wait,
    });

    private readonly ConcurrentDictionary<string, CancellationTokenSource> _running = new();

    public bool TryEnqueue(string runId) => _waiting.Writer.TryWrite(runId);

    public IAsyncEnumerable<string> ReadAllAsync(CancellationToken cancellationToken) => _waiting.Reader.ReadAllAsync(cancellationToken);

    public CancellationTokenSource Track(string runId, CancellationToken stopping)
    {
        var cancellation = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        _running[runId] = cancellation;
        return cancellation;
    }

    public void Untrack(string runId)
    {
        if (_running.TryRemove(runId, out var cancellation)) cancellation.Dispose();
    }

    /// <summary>Signals a running run to stop; false when it is not running here.</summary>
    public bool Cancel(string runId)
    {
        if (!_running.TryGetValue(runId, out var cancellation)) return false;
        cancellation.Cancel();
        return true;
    }
}
