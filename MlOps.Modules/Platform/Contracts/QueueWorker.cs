using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MlOps.Modules.Platform.Contracts;

/// <summary>
/// Runs work queued in the database, <see cref="Concurrency"/> items at a time on this replica. Whichever replica
/// claims an item first runs it (<see cref="WorkQueue"/>); a signal on <see cref="QueuedTopic"/> wakes the idle workers
/// of every replica at once, and they look again every few seconds in case a signal was missed. A cancel request
/// reaches the replica running the item through <see cref="CancelTopic"/>.
/// </summary>
public abstract class QueueWorker(IReplica replica, IReplicaSignals signals, ILogger logger) : BackgroundService
{
    private static readonly TimeSpan LookAgain = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim _wake = new(0);
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _inProgress = new();

    /// <summary>This replica, whose name the claimed items carry.</summary>
    protected IReplica Replica { get; } = replica;

    protected abstract int Concurrency { get; }

    protected abstract string QueuedTopic { get; }

    protected abstract string CancelTopic { get; }

    /// <summary>Claims the oldest queued item for this replica; null when none waits.</summary>
    protected abstract Task<string?> ClaimAsync(CancellationToken cancellationToken);

    /// <summary>Runs a claimed item; <paramref name="cancellation"/> is its owner's cancel, <paramref name="stopping"/> the host's.</summary>
    protected abstract Task RunAsync(string id, CancellationToken cancellation, CancellationToken stopping);

    /// <summary>Of the items running here, those whose cancel was requested.</summary>
    protected abstract Task<IReadOnlyList<string>> CancelRequestedAsync(IReadOnlyCollection<string> running, CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        signals.Subscribe(QueuedTopic, Wake);
        signals.Subscribe(CancelTopic, () => _ = CancelRequestedHereAsync(stoppingToken));
        try
        {
            await Replica.Started.WaitAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        await Task.WhenAll(Enumerable.Range(0, Concurrency).Select(_ => Task.Run(() => WorkAsync(stoppingToken), stoppingToken)));
    }

    private void Wake()
    {
        if (_wake.CurrentCount < Concurrency) _wake.Release();
    }

    private async Task WorkAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await ClaimAsync(stoppingToken) is not { } id)
                {
                    await _wake.WaitAsync(LookAgain, stoppingToken);
                    continue;
                }

                // More may be waiting: an idle worker looks too.
                Wake();
                using var cancellation = new CancellationTokenSource();
                _inProgress[id] = cancellation;
                try
                {
                    await RunAsync(id, cancellation.Token, stoppingToken);
                }
                finally
                {
                    _inProgress.TryRemove(id, out _);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error)
            {
                // One item that breaks unexpectedly, or a database that is briefly away, must never stop the worker.
                logger.LogError(error, "A queued item ended with an unexpected error");
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private async Task CancelRequestedHereAsync(CancellationToken stoppingToken)
    {
        if (_inProgress.IsEmpty) return;
        try
        {
            foreach (var id in await CancelRequestedAsync(_inProgress.Keys.ToList(), stoppingToken))
                if (_inProgress.TryGetValue(id, out var cancellation)) await CancelAsync(cancellation);
        }
        catch (Exception error) when (!stoppingToken.IsCancellationRequested)
        {
            logger.LogWarning(error, "Could not read which running items were asked to cancel");
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static async Task CancelAsync(CancellationTokenSource cancellation)
    {
        try
        {
            await cancellation.CancelAsync();
        }
        catch (ObjectDisposedException)
        {
            // It finished in the meantime.
        }
    }
}
