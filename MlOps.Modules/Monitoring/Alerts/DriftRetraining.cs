using Microsoft.Extensions.Logging;
using MlOps.Modules.Pipeline.Contracts;

namespace MlOps.Modules.Monitoring.Alerts;

/// <summary>
/// Starts a run of each pipeline that registers a drifting model and opted in with <c>retrainOnDrift</c>. The run is
/// audited by the Pipeline module; the version it registers still needs an approved promotion to serve production.
/// </summary>
internal sealed class DriftRetraining(IPipelineService pipelines, ILogger<DriftRetraining> logger)
{
    public const string Trigger = "drift";

    /// <summary>Sentences for the alert's detail saying what was started, or why not.</summary>
    public async Task<string> StartAsync(string model, CancellationToken cancellationToken)
    {
        var optedIn = (await pipelines.FindByModelAsync(model, cancellationToken)).Where(p => p.Definition.RetrainOnDrift).ToList();
        if (optedIn.Count == 0) return "No pipeline that registers this model retrains it on drift (retrainOnDrift).";

        var outcomes = new List<string>();
        foreach (var pipeline in optedIn.Select(p => p.Definition.Name))
        {
            var run = await pipelines.StartRunAsync(pipeline, Trigger, AlertStore.SystemActor, cancellationToken);
            if (run.Succeeded)
            {
                logger.LogInformation("Drift of {Model} started run {Run} of pipeline {Pipeline}", model, run.Value!.Id, pipeline);
                outcomes.Add($"Retraining started: run {run.Value.Id} of pipeline '{pipeline}'; its version still needs an approved promotion.");
            }
            else
            {
                outcomes.Add($"Retraining with pipeline '{pipeline}' not started: {string.Join(" ", run.Problems.Values.SelectMany(m => m))}");
            }
        }

        return string.Join(" ", outcomes);
    }
}
