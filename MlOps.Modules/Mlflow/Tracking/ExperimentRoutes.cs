using System.Security.Claims;
using MlOps.Modules.Experiments.Contracts;
using MlOps.Modules.Mlflow.Protocol;
using MlOps.Modules.Platform.Contracts;

namespace MlOps.Modules.Mlflow.Tracking;

internal static class ExperimentRoutes
{
    private const int DefaultPageSize = 1000;

    public static void MapExperimentRoutes(this IEndpointRouteBuilder mlflow)
    {
        mlflow.MapPost("/experiments/create", CreateAsync).Writes().Accepts<CreateExperimentRequest>("application/json")
            .WithName("MlflowCreateExperiment").WithSummary("MLflow CreateExperiment: answers {experiment_id}");
        mlflow.MapGet("/experiments/get", GetAsync).WithName("MlflowGetExperiment").WithSummary("MLflow GetExperiment (?experiment_id=)");
        mlflow.MapGet("/experiments/get-by-name", GetByNameAsync).WithName("MlflowGetExperimentByName").WithSummary("MLflow GetExperimentByName (?experiment_name=)");
        mlflow.MapPost("/experiments/search", SearchAsync).Accepts<SearchRequest>("application/json")
            .WithName("MlflowSearchExperiments").WithSummary("MLflow SearchExperiments; filters by name only");
        mlflow.MapPost("/experiments/update", UpdateAsync).Writes().Accepts<UpdateExperimentRequest>("application/json")
            .WithName("MlflowUpdateExperiment").WithSummary("MLflow UpdateExperiment: renames");
        mlflow.MapPost("/experiments/delete", DeleteAsync).Writes().Accepts<ExperimentIdRequest>("application/json")
            .WithName("MlflowDeleteExperiment").WithSummary("MLflow DeleteExperiment: a soft delete of the experiment and its runs; the default experiment 0 stays");
        mlflow.MapPost("/experiments/restore", RestoreAsync).Writes().Accepts<ExperimentIdRequest>("application/json")
            .WithName("MlflowRestoreExperiment").WithSummary("MLflow RestoreExperiment: with the runs its deletion marked");
    }

    private static async Task<IResult> CreateAsync(
        MlflowRequest<CreateExperimentRequest> request, IExperimentCatalog catalog, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var fields = request.Fields;
        if (string.IsNullOrWhiteSpace(fields.Name)) return MlflowReply.Invalid("Missing value for required parameter 'name'.");
        var tags = fields.Tags?.GroupBy(t => t.Key).ToDictionary(g => g.Key, g => g.Last().Value);
        var created = await catalog.CreateExperimentAsync(new NewExperiment(fields.Name, Tags: tags), user.ActorName(), cancellationToken);
        return MlflowReply.OkOr(created, e => new { experiment_id = e.Id }, MlflowErrorCode.ResourceAlreadyExists);
    }

    private static async Task<IResult> GetAsync(MlflowRequest<ExperimentIdRequest> request, IExperimentCatalog catalog, CancellationToken cancellationToken) =>
        await DefaultExperiment.FindAsync(catalog, request.Fields.ExperimentId, cancellationToken) is { } experiment
            ? MlflowReply.Ok(new { experiment = Shapes.Experiment(experiment) })
            : MlflowReply.Missing($"No experiment with id '{request.Fields.ExperimentId}' exists.");

    private static async Task<IResult> GetByNameAsync(MlflowRequest<ExperimentNameRequest> request, IExperimentCatalog catalog, CancellationToken cancellationToken) =>
        string.IsNullOrEmpty(request.Fields.ExperimentName) ? MlflowReply.Invalid("Missing value for required parameter 'experiment_name'.")
        : await catalog.GetExperimentByNameAsync(request.Fields.ExperimentName, cancellationToken) is { } experiment
            ? MlflowReply.Ok(new { experiment = Shapes.Experiment(experiment) })
            : MlflowReply.Missing($"Could not find experiment with name '{request.Fields.ExperimentName}'.");

    private static async Task<IResult> SearchAsync(MlflowRequest<SearchRequest> request, IExperimentCatalog catalog, CancellationToken cancellationToken)
    {
        var fields = request.Fields;
        if (!NameFilter.TryParse(fields.Filter, out var filter)) return MlflowReply.Invalid($"Unsupported filter '{fields.Filter}'. {NameFilter.Supported}");
        if (!Shapes.TryParseView(fields.ViewType, out var view)) return Shapes.InvalidView("view_type", fields.ViewType);
        if (!PageToken.TryRead(fields.PageToken, fields.MaxResults, DefaultPageSize, PageRequest.MaxPageSize, out var page, out var problem))
            return MlflowReply.Invalid(problem!);
        if (filter.Exact)
        {
            var named = await catalog.GetExperimentByNameAsync(filter.Text!, cancellationToken);
            List<MlflowExperiment> experiments = named is null || !Shows(view, named.Lifecycle) ? [] : [Shapes.Experiment(named)];
            return MlflowReply.Ok(new { experiments });
        }

        var found = await catalog.ListExperimentsAsync(filter.Text, view, page, cancellationToken);
        return MlflowReply.Ok(new { experiments = found.Items.Select(Shapes.Experiment).ToList(), next_page_token = PageToken.Next(found) });
    }

    private static async Task<IResult> UpdateAsync(
        MlflowRequest<UpdateExperimentRequest> request, IExperimentCatalog catalog, IExperimentTracker tracker, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var experiment = await DefaultExperiment.FindAsync(catalog, request.Fields.ExperimentId, cancellationToken);
        if (experiment is null) return MlflowReply.Missing($"No experiment with id '{request.Fields.ExperimentId}' exists.");
        if (string.IsNullOrWhiteSpace(request.Fields.NewName)) return MlflowReply.Invalid("Missing value for required parameter 'new_name'.");
        var renamed = await tracker.RenameExperimentAsync(experiment.Id, request.Fields.NewName, user.ActorName(), cancellationToken);
        return renamed.Succeeded ? MlflowReply.Done() : MlflowReply.Failed(renamed, MlflowErrorCode.ResourceAlreadyExists);
    }

    private static Task<IResult> DeleteAsync(
        MlflowRequest<ExperimentIdRequest> request, IExperimentCatalog catalog, IExperimentTracker tracker, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        SetLifecycleAsync(request.Fields.ExperimentId, LifecycleStage.Deleted, catalog, tracker, user, cancellationToken);

    private static Task<IResult> RestoreAsync(
        MlflowRequest<ExperimentIdRequest> request, IExperimentCatalog catalog, IExperimentTracker tracker, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        SetLifecycleAsync(request.Fields.ExperimentId, LifecycleStage.Active, catalog, tracker, user, cancellationToken);

    private static async Task<IResult> SetLifecycleAsync(
        string? experimentId, LifecycleStage stage, IExperimentCatalog catalog, IExperimentTracker tracker, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(experimentId)) return MlflowReply.Invalid("Missing value for required parameter 'experiment_id'.");
        var experiment = await DefaultExperiment.FindAsync(catalog, experimentId, cancellationToken);
        if (experiment is null) return MlflowReply.Missing($"No experiment with id '{experimentId}' exists.");
        // As in MLflow: clients that never set an experiment log to it, so it must always be there.
        if (stage == LifecycleStage.Deleted && experiment.Name == DefaultExperiment.Name)
            return MlflowReply.Invalid($"Cannot delete the default experiment '{DefaultExperiment.Id}' (MlOps's '{DefaultExperiment.Name}'). This is an internally reserved experiment.");
        var changed = await tracker.SetExperimentLifecycleAsync(experiment.Id, stage, user.ActorName(), cancellationToken);
        return changed.Succeeded ? MlflowReply.Done() : MlflowReply.Failed(changed);
    }

    private static bool Shows(LifecycleView view, LifecycleStage stage) => view switch
    {
        LifecycleView.ActiveOnly => stage == LifecycleStage.Active,
        LifecycleView.DeletedOnly => stage == LifecycleStage.Deleted,
        _ => true,
    };
}
