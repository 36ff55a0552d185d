using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MlOps.Modules.Monitoring.Log;

/// <summary>
/// Drains the log queue into the database in batches: a full batch is written at once, a partial one after
/// <see cref="MonitoringOptions.FlushIntervalMilliseconds"/>. A batch that fails is retried, then counted as failed.
/// On shutdown what is queued is still written. It runs on a thread of its own and every wait blocks that thread: an
/// <c>await</c> would resume on the thread pool, where a batch's write held a thread that serves requests for
/// milliseconds. The SQLite store completes synchronously, so its writes run on this thread. The thread keeps the
/// normal priority: nearly all its work happens inside a transaction that holds SQLite's write lock, which requests
/// need too (audit records, run starts), so a lower priority would make them wait for a starved lock holder.
/// </summary>
internal sealed class PredictionLogWriter(
    PredictionLogQueue queue, IServiceScopeFactory scopes, IOptions<MonitoringOptions> options, TimeProvider clock, ILogger<PredictionLogWriter> logger)
    : BackgroundService
{
    private const int Attempts = 3;

    // The store, its context and its open connection serve batch after batch: a context and a connection opened anew
    // cost the writer about 0.4 ms of CPU for every batch. A failed write drops them; the retry starts afresh.
    private IServiceScope? _scope;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.Factory.StartNew(() =>
        {
            Thread.CurrentThread.Name = "MlOps prediction log";
            Drain(stoppingToken);
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private static T Block<T>(ValueTask<T> task) => task.AsTask().GetAwaiter().GetResult();

    private static void Block(Task task) => task.GetAwaiter().GetResult();

    private void Drain(CancellationToken stoppingToken)
    {
        var size = options.Value.FlushBatchSize;
        var interval = TimeSpan.FromMilliseconds(options.Value.FlushIntervalMilliseconds);
        var batch = new List<LogEntry>(size);
        try
        {
            while (Block(queue.WaitToReadAsync(stoppingToken)))
            {
                if (queue.Take(batch, size) < size) Block(Task.Delay(interval, clock, stoppingToken));
                queue.Take(batch, size);
                Write(batch);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        Write(batch);
        while (queue.Take(batch, size) > 0) Write(batch);
        DropStore();
    }

    /// <summary>Writes and empties the batch; a write is not cancelled midway, it is short.</summary>
    private void Write(List<LogEntry> batch)
    {
        if (batch.Count == 0) return;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                _scope ??= scopes.CreateScope();
                Block(_scope.ServiceProvider.GetRequiredService<PredictionLogStore>().WriteAsync(batch, CancellationToken.None));
                queue.Completed(batch.Count, 0);
                break;
            }
            catch (Exception e) when (attempt < Attempts)
            {
                DropStore();
                logger.LogWarning(e, "Writing {Count} prediction log entries failed (attempt {Attempt} of {Attempts}); retrying", batch.Count, attempt, Attempts);
                Block(Task.Delay(TimeSpan.FromSeconds(attempt), clock));
            }
            catch (Exception e)
            {
                DropStore();
                logger.LogError(e, "Writing {Count} prediction log entries failed {Attempts} times; they are lost and counted as failed", batch.Count, Attempts);
                queue.Completed(0, batch.Count);
                break;
            }
        }

        batch.Clear();
    }

    private void DropStore()
    {
        _scope?.Dispose();
        _scope = null;
    }
}
