using System.Threading.Channels;
using Microsoft.Extensions.Options;
using MlOps.Modules.Monitoring.Contracts;
using MlOps.Modules.Serving.Contracts;

namespace MlOps.Modules.Monitoring.Log;

/// <summary>One entry of the log: a scored record or a failed request.</summary>
internal readonly record struct LogEntry(LogRow? Prediction, PredictionFailure? Failure)
{
    public static LogEntry Of(PredictionEvent prediction) => new(LogRow.From(prediction), null);
}

/// <summary>
/// A prediction as the log stores it, its inputs and probabilities already JSON: the event's dictionaries and boxed
/// numbers die young instead of waiting in the queue, where they made garbage collections (and so p99) slower.
/// </summary>
internal sealed record LogRow(
    DateTime At, string Model, int Version, string? Alias, string RequestId, int Index, string Caller,
    string Inputs, string? Label, double? Value, string? Probabilities, double LatencyMs)
{
    [ThreadStatic]
    private static LogJson? _json;

    public static LogRow From(PredictionEvent p)
    {
        var json = _json ??= new LogJson();
        return new LogRow(p.At, p.Model, p.Version, p.Alias, p.RequestId, p.Index, p.Caller, json.Write(p.Inputs),
            p.Output.Label, p.Output.Value, p.Output.Probabilities is { } probabilities ? json.Write(probabilities) : null, p.Latency.TotalMilliseconds);
    }
}

/// <summary>
/// Monitoring's bounded queue between Serving's requests and the database writer. Adding never waits: a full
/// queue drops the entry and counts it, so a slow disk costs log entries, never request time.
/// </summary>
internal sealed class PredictionLogQueue
{
    private readonly Channel<LogEntry> _channel;
    private TaskCompletionSource _progress = NewProgress();
    private long _received;
    private long _dropped;
    private long _written;
    private long _failed;

    public PredictionLogQueue(IOptions<MonitoringOptions> options)
    {
        Capacity = options.Value.QueueCapacity;
        _channel = Channel.CreateBounded<LogEntry>(
            new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true },
            _ => Interlocked.Increment(ref _dropped));
    }

    public int Capacity { get; }

    public long Enqueued => Interlocked.Read(ref _received) - Interlocked.Read(ref _dropped);

    /// <summary>Entries written or given up on: what <see cref="WaitForAsync"/> waits for.</summary>
    public long Processed => Interlocked.Read(ref _written) + Interlocked.Read(ref _failed);

    public void Add(LogEntry entry)
    {
        Interlocked.Increment(ref _received);
        _channel.Writer.TryWrite(entry);
    }

    public ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken) => _channel.Reader.WaitToReadAsync(cancellationToken);

    /// <summary>Moves queued entries into <paramref name="batch"/> until it holds <paramref name="size"/>; returns how many it took.</summary>
    public int Take(List<LogEntry> batch, int size)
    {
        var taken = 0;
        while (batch.Count < size && _channel.Reader.TryRead(out var entry))
        {
            batch.Add(entry);
            taken++;
        }

        return taken;
    }

    public void Completed(int written, int failed)
    {
        Interlocked.Add(ref _written, written);
        Interlocked.Add(ref _failed, failed);
        Interlocked.Exchange(ref _progress, NewProgress()).TrySetResult();
    }

    /// <summary>
    /// Waits until <see cref="Processed"/> reaches <paramref name="mark"/> (<see cref="Enqueued"/>: all that is queued now;
    /// <see cref="Processed"/> + 1: the next batch); false after <paramref name="timeout"/>.
    /// </summary>
    public async Task<bool> WaitForAsync(long mark, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        while (true)
        {
            var progress = Volatile.Read(ref _progress).Task;
            if (Processed >= mark) return true;
            try
            {
                await progress.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return false;
            }
        }
    }

    public PredictionLogStatus Status()
    {
        var written = Interlocked.Read(ref _written);
        var failed = Interlocked.Read(ref _failed);
        var enqueued = Enqueued;
        return new PredictionLogStatus(Capacity, Math.Max(0, enqueued - written - failed), enqueued, written, Interlocked.Read(ref _dropped), failed);
    }

    private static TaskCompletionSource NewProgress() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
