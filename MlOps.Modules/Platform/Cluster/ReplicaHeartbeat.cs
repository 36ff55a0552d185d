using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MlOps.Modules.Platform.Contracts;
using MlOps.Modules.Platform.Data;

namespace MlOps.Modules.Platform.Cluster;

/// <summary>
/// Every few seconds this replica writes that it is alive (<c>platform_replicas</c>) and interrupts the running work of
/// replicas that stopped doing so for <see cref="ClusterOptions.ReplicaTimeoutSeconds"/>. At start it first interrupts
/// what an earlier process under its own name left running. On SQLite there is one replica, so every other one is dead.
/// </summary>
internal sealed class ReplicaHeartbeat(
    IServiceScopeFactory scopes, SharedDatabase database, IOptions<MlOpsOptions> options, TimeProvider clock, ILogger<ReplicaHeartbeat> logger)
    : BackgroundService, IReplica, IModuleInitializer
{
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Name { get; } = options.Value.InstanceName;

    public Task Started => _started.Task;

    public int Order => 10;

    private ClusterOptions Cluster => options.Value.Cluster;

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await BeatAsync(cancellationToken);
        await InterruptOrphansAsync(await LiveReplicasAsync(cancellationToken), cancellationToken);
        _started.TrySetResult();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await Started.WaitAsync(stoppingToken);
            using var ticks = new PeriodicTimer(TimeSpan.FromSeconds(Cluster.HeartbeatSeconds), clock);
            while (await ticks.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await BeatAsync(stoppingToken);
                    await InterruptOrphansAsync([.. await LiveReplicasAsync(stoppingToken), Name], stoppingToken);
                    await ForgetDeadReplicasAsync(stoppingToken);
                }
                catch (Exception error) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogWarning(error, "The heartbeat of replica {Replica} failed; trying again in {Seconds} s", Name, Cluster.HeartbeatSeconds);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private DateTime DeadBefore => Now.AddSeconds(-Cluster.ReplicaTimeoutSeconds);

    private async Task BeatAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        var now = Now;
        if (await db.Replicas.Where(r => r.Name == Name).ExecuteUpdateAsync(s => s.SetProperty(r => r.LastSeenAt, now), cancellationToken) > 0) return;
        db.Replicas.Add(new ReplicaRecord { Name = Name, StartedAt = now, LastSeenAt = now });
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The other replicas seen lately.</summary>
    private async Task<List<string>> LiveReplicasAsync(CancellationToken cancellationToken)
    {
        if (database.Provider != DatabaseProvider.PostgreSql) return [];
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        var deadBefore = DeadBefore;
        return await db.Replicas.AsNoTracking().Where(r => r.Name != Name && r.LastSeenAt >= deadBefore).Select(r => r.Name).ToListAsync(cancellationToken);
    }

    private async Task InterruptOrphansAsync(IReadOnlyCollection<string> liveReplicas, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        foreach (var work in scope.ServiceProvider.GetServices<IOrphanedWork>())
            await work.InterruptAsync(liveReplicas, cancellationToken);
    }

    private async Task ForgetDeadReplicasAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        var deadBefore = database.Provider == DatabaseProvider.PostgreSql ? DeadBefore : DateTime.MaxValue;
        await db.Replicas.Where(r => r.Name != Name && r.LastSeenAt < deadBefore).ExecuteDeleteAsync(cancellationToken);
    }
}
