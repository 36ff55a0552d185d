using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MlOps.Modules.Platform.Contracts;
using Npgsql;

namespace MlOps.Modules.Platform.Cluster;

/// <summary>
/// On PostgreSQL a signal is a <c>NOTIFY</c> that every replica's listening connection receives within milliseconds;
/// on SQLite there is one replica, so a signal only reaches this process. After the listening connection is lost and
/// made again, every subscriber is signalled, as a change may have been missed in between.
/// </summary>
internal sealed class ReplicaSignals(SharedDatabase database, ILogger<ReplicaSignals> logger) : BackgroundService, IReplicaSignals
{
    private const string Channel = "mlops_replica_signals";
    private static readonly TimeSpan Reconnect = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, ConcurrentBag<Action>> _subscribers = new(StringComparer.Ordinal);

    public async Task SignalAsync(string topic, CancellationToken cancellationToken)
    {
        if (database.Provider != DatabaseProvider.PostgreSql)
        {
            Raise(topic);
            return;
        }

        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var notify = new NpgsqlCommand("SELECT pg_notify(@channel, @topic)", connection);
        notify.Parameters.AddWithValue("channel", Channel);
        notify.Parameters.AddWithValue("topic", topic);
        await notify.ExecuteNonQueryAsync(cancellationToken);
    }

    public void Subscribe(string topic, Action onSignal) => _subscribers.GetOrAdd(topic, _ => []).Add(onSignal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (database.Provider != DatabaseProvider.PostgreSql) return;
        var listening = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Pooling = false, KeepAlive = 10 }.ConnectionString;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ListenAsync(listening, stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Lost the connection that hears other replicas' changes; listening again in {Delay}", Reconnect);
                await Task.Delay(Reconnect, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task ListenAsync(string connectionString, CancellationToken stoppingToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        connection.Notification += (_, notification) => Raise(notification.Payload);
        await connection.OpenAsync(stoppingToken);
        await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
            await listen.ExecuteNonQueryAsync(stoppingToken);
        foreach (var topic in _subscribers.Keys) Raise(topic);
        while (true) await connection.WaitAsync(stoppingToken);
    }

    private void Raise(string topic)
    {
        if (!_subscribers.TryGetValue(topic, out var handlers)) return;
        foreach (var handler in handlers)
        {
            try
            {
                handler();
            }
            catch (Exception e)
            {
                logger.LogError(e, "A subscriber to {Topic} failed", topic);
            }
        }
    }
}
