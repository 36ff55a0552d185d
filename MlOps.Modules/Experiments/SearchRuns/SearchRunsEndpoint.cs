using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using MlOps.Modules.Experiments.Contracts;
using MlOps.Modules.Platform.Contracts;

namespace MlOps.Modules.Experiments.SearchRuns;

/// <summary><see cref="View"/> shows deleted runs too (All) or only them (DeletedOnly); active runs only by default.</summary>
internal sealed record SearchRunsRequest(List<string>? ExperimentIds, string? Filter, List<string>? OrderBy, int? Page, int? PageSize, LifecycleView? View = null);

internal sealed class SearchRunsValidator : AbstractValidator<SearchRunsRequest>
{
    public const int MaxExperiments = 50;
    public const int MaxOrderTerms = 5;
    public const int MaxFilterLength = 10_000;

    public SearchRunsValidator()
    {
        RuleFor(r => r.ExperimentIds).NotEmpty().WithMessage("Name at least one experiment id.")
            .Must(ids => ids!.Count <= MaxExperiments).WithMessage($"Search at most {MaxExperiments} experiments at once.");
        RuleFor(r => r.Filter).MaximumLength(MaxFilterLength);
        RuleFor(r => r.OrderBy).Must(o => o is null || o.Count <= MaxOrderTerms).WithMessage($"Order by at most {MaxOrderTerms} keys.");
        RuleFor(r => r.Page).InclusiveBetween(1, PageRequest.MaxPage).When(r => r.Page is not null);
        RuleFor(r => r.PageSize).InclusiveBetween(1, PageRequest.MaxPageSize).When(r => r.PageSize is not null);
    }
}

internal static class SearchRunsEndpoint
{
    public static void MapSearchRuns(this IEndpointRouteBuilder runs) =>
        runs.MapPost("/search", SearchAsync).WithValidation<SearchRunsRequest>()
            .WithName("SearchRuns").WithSummary("Finds runs with the filter language (and, or, parentheses, in, like), ordered and paged; view ActiveOnly (default), DeletedOnly or All");

    private static async Task<Results<Ok<Paged<RunDetails>>, ProblemHttpResult>> SearchAsync(
        SearchRunsRequest request, IExperimentCatalog catalog, CancellationToken cancellationToken) =>
        OperationProblems.OkOr(await catalog.SearchRunsAsync(
            new RunQuery(request.ExperimentIds!, request.Filter, request.OrderBy, Paging.From(request.Page, request.PageSize), request.View ?? LifecycleView.ActiveOnly),
            cancellationToken));
}
