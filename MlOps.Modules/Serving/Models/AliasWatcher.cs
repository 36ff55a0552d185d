using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MlOps.Modules.Platform.Contracts;
using MlOps.Modules.Registry.Contracts;

namespace MlOps.Modules.Serving.Models;

/// <summary>
/// Hears that an alias moved on any replica and has the model cache look its aliases up again. Signals that arrive
/// while a refresh runs fold into one more refresh, which reads the newest state anyway.
/// </summary>
internal sealed class AliasWatcher : BackgroundService
{
    private readonly Channel<bool> _moved = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly ModelCache _cache;
    private readonly ILogger<AliasWatcher> _logger;

    public AliasWatcher(ModelCache cache, IReplicaSignals signals, ILogger<AliasWatcher> logger)
    {
        _cache = cache;
        _logger = logger;
        signals.Subscribe(IModelRegistry.AliasesMovedSignal, () => _moved.Writer.TryWrite(true));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var _ in _moved.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await _cache.RefreshAliasesAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _logger.LogWarning(e, "Looking up moved aliases failed; each is looked up again within its refresh interval");
            }
        }
    }
}
