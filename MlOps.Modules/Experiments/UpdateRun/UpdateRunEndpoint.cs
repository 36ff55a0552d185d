using System.Security.Claims;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using MlOps.Modules.Experiments.Contracts;
using MlOps.Modules.Experiments.Tracking;
using MlOps.Modules.Platform.Contracts;

namespace MlOps.Modules.Experiments.UpdateRun;

internal sealed record UpdateRunRequest(RunStatus? Status, string? Name);

internal sealed class UpdateRunValidator : AbstractValidator<UpdateRunRequest>
{
    public UpdateRunValidator()
    {
        RuleFor(r => r).Must(r => r.Status is not null || r.Name is not null).WithName("status").WithMessage("Send a status, a name or both.");
        RuleFor(r => r.Status).NotEqual(RunStatus.Running).WithMessage("A run can only be set to Finished, Failed or Killed.");
        RuleFor(r => r.Name).NotEmpty().MaximumLength(TrackingLimits.MaxNameLength).Must(Names.IsPrintable).WithMessage(Names.ControlCharacterRule)
            .When(r => r.Name is not null);
    }
}

internal static class UpdateRunEndpoint
{
    public static void MapUpdateRun(this IEndpointRouteBuilder runs) =>
        runs.MapPatch("/{id}", UpdateAsync).WithValidation<UpdateRunRequest>().RequireAuthorization(Policies.Write)
            .WithName("UpdateRun").WithSummary("Ends a run (Finished, Failed or Killed) and/or renames it");

    private static async Task<Results<Ok<RunDetails>, ProblemHttpResult>> UpdateAsync(
        string id, UpdateRunRequest request, IExperimentTracker tracker, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        OperationProblems.OkOr(await tracker.UpdateRunAsync(id, new RunUpdate(request.Status, request.Name), user.ActorName(), cancellationToken));
}
