using System.Runtime.CompilerServices;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MlOps.Modules.Monitoring.Contracts;
using MlOps.Modules.Platform.Contracts;
using MlOps.Modules.Registry.Contracts;

namespace MlOps.Modules.Monitoring.Alerts;

/// <summary>
/// Checks every model with a production version over the last <see cref="MonitoringOptions.AlertsOptions.WindowHours"/>.
/// Each model is checked in a scope of its own, so one that cannot be judged is logged and skipped without touching the rest.
/// </summary>
internal sealed class AlertEvaluator(
    IModelRegistry registry,
    IServiceScopeFactory scopes,
    AlertEvaluationGate gate,
    IAuditLog audit,
    IOptions<MonitoringOptions> options,
    TimeProvider clock,
    ILogger<AlertEvaluator> logger) : IAlertChecks
{
    public async Task<IReadOnlyList<MonitoringAlert>> EvaluateNowAsync(string actor, CancellationToken cancellationToken)
    {
        var raised = await EvaluateAsync(cancellationToken);
        await audit.RecordAsync(new AuditEvent(actor, "monitoring-alerts.evaluated", AlertStore.EntityType, "all",
            raised.Count == 0 ? "No alert raised" : $"Raised {string.Join(", ", raised.Select(a => $"{a.Kind} on {a.Model} version {a.Version}"))}"), cancellationToken);
        return raised;
    }

    public async Task<IReadOnlyList<MonitoringAlert>> EvaluateAsync(CancellationToken cancellationToken)
    {
        using var turn = await gate.EnterAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var window = new TimeWindow(now.AddHours(-options.Value.Alerts.WindowHours), now);
        var raised = new List<MonitoringAlert>();
        await foreach (var (model, version) in ProductionVersionsAsync(cancellationToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                raised.AddRange(await scope.ServiceProvider.GetRequiredService<ModelAlertCheck>().CheckAsync(model, version, window, cancellationToken));
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning(exception, "Alert checks of {Model} version {Version} failed; the model was skipped", model, version);
            }
        }

        return raised;
    }

    private async IAsyncEnumerable<(string Model, int Version)> ProductionVersionsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (var page = 1; ; page++)
        {
            var models = await registry.ListModelsAsync(null, new PageRequest(page, PageRequest.MaxPageSize), cancellationToken);
            foreach (var model in models.Items)
                if (model.ProductionVersion is { } version) yield return (model.Name, version);
            if (page * models.PageSize >= models.Total) yield break;
        }
    }
}
