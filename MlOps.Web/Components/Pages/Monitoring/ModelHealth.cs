using System.Runtime.CompilerServices;
using MlOps.Modules.Monitoring.Contracts;
using MlOps.Modules.Platform.Contracts;
using MlOps.Modules.Registry.Contracts;

namespace MlOps.Web.Components.Pages.Monitoring;

/// <summary>A production model's last 24 hours at a glance.</summary>
public sealed record ModelHealth(string Model, int Version, long Requests, double? ErrorRate, double? P95LatencyMs, DriftVerdict Drift, int OpenAlerts);

/// <summary>Reads the health of every model with a production version, one model after another (they share a DbContext).</summary>
public sealed class ModelHealthReader(IModelRegistry registry, IMonitoringQueries queries, IDriftMonitor drift, IMonitoringAlerts alerts, TimeProvider clock)
{
    public async IAsyncEnumerable<ModelHealth> ReadProductionAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var window = MonitoringWindow.LastDay(clock);
        foreach (var model in await ProductionModelsAsync(cancellationToken))
            yield return await ReadAsync(model.Name, model.ProductionVersion!.Value, window, cancellationToken);
    }

    private async Task<IReadOnlyList<ModelSummary>> ProductionModelsAsync(CancellationToken cancellationToken)
    {
        var models = new List<ModelSummary>();
        for (var page = 1; ; page++)
        {
            var listed = await registry.ListModelsAsync(null, new PageRequest(page, PageRequest.MaxPageSize), cancellationToken);
            models.AddRange(listed.Items.Where(m => m.ProductionVersion is not null));
            if (page * PageRequest.MaxPageSize >= listed.Total) return models;
        }
    }

    private async Task<ModelHealth> ReadAsync(string model, int version, TimeWindow window, CancellationToken cancellationToken)
    {
        var summary = await queries.GetSummaryAsync(model, window, cancellationToken);
        var verdict = DriftVerdict.Of(await drift.GetDriftAsync(model, version, window, cancellationToken));
        var open = await alerts.ListAsync(new AlertQuery(model, Acknowledged: false), new PageRequest(1, 1), cancellationToken);
        return new ModelHealth(model, version, summary?.Requests ?? 0, summary?.ErrorRate, summary?.LatencyMs.P95, verdict, open.Total);
    }
}
