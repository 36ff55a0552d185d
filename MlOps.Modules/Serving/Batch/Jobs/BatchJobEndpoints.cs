using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using MlOps.Modules.Platform.Contracts;
using MlOps.Modules.Serving.Contracts;

namespace MlOps.Modules.Serving.Batch.Jobs;

internal static class BatchJobEndpoints
{
    public static void MapBatchJobEndpoints(this IEndpointRouteBuilder api, ServingOptions options)
    {
        var jobs = api.MapGroup("/batch-jobs").RequireAuthorization(Policies.Predict).WithTags("Serving");
        jobs.MapPost("/", CreateAsync).WithMetadata(new BodySizeLimit(options.MaxCsvRequestBytes))
            .WithFormOptions(multipartBodyLengthLimit: options.MaxCsvRequestBytes).DisableAntiforgery()
            .Accepts<BatchJobRequest>("application/json", "multipart/form-data")
            .WithName("CreateBatchJob").WithSummary("Queues the scoring of a dataset version or an uploaded CSV (a ZIP of pictures for an image model) into a CSV artifact");
        jobs.MapGet("/", ListAsync).WithName("ListBatchJobs").WithSummary("Batch jobs, newest first; ?definition= keeps one definition's jobs");
        jobs.MapGet("/{id}", GetAsync).WithName("GetBatchJob").WithSummary("A batch job's status and progress");
        jobs.MapGet("/{id}/output", GetOutputAsync).WithName("GetBatchJobOutput").WithSummary("The scored CSV of a succeeded batch job");
        jobs.MapPost("/{id}/cancel", CancelAsync).WithName("CancelBatchJob").WithSummary("Stops a queued or running batch job");
    }

    private static async Task<IResult> CreateAsync(HttpRequest http, BatchJobService jobs, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        BatchJobRequest? request;
        IFormFile? upload = null;
        if (http.HasFormContentType)
        {
            var form = await http.ReadFormAsync(cancellationToken);
            upload = form.Files.GetFile("file");
            if (upload is null) return Invalid("file", "Send the CSV to score (a ZIP of pictures for an image model) in a form part named 'file'.");
            request = new BatchJobRequest(form["model"].ToString(), NullIfEmpty(form["alias"]), int.TryParse(form["version"], out var v) ? v : null, null,
                NullIfEmpty(form["target"]) is { } name ? new BatchTarget(BatchTarget.Csv, name) : null);
        }
        else if (!http.HasJsonContentType())
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type.",
                detail: "Send the job as application/json, or a CSV to score as multipart/form-data with a 'file' part.");
        }
        else
        {
            try
            {
                request = await http.ReadFromJsonAsync<BatchJobRequest>(cancellationToken);
            }
            catch (JsonException error)
            {
                return Invalid(error.Path?.TrimStart('$', '.') is { Length: > 0 } path ? path : "body", $"The JSON does not describe a batch job: {error.Message.Split(" Path:")[0]}");
            }
        }

        if (request is null || string.IsNullOrWhiteSpace(request.Model)) return Invalid("model", "Name the model to score with.");
        if (!Names.IsModelName(request.Model)) return Invalid("model", Names.ModelRule);
        if (request.Alias is not null && !Names.IsAlias(request.Alias)) return Invalid("alias", Names.AliasRule);
        if (request.Version is not null && request.Alias is not null) return Invalid("version", "Choose a version or an alias, not both.");
        var target = request.Target ?? new BatchTarget();
        if (target.Format != BatchTarget.Csv) return Invalid("target.format", "Batch jobs write CSV: the target format is 'csv'.");
        if (!Names.IsOutputFileName(target.FileName)) return Invalid("target", Names.OutputFileRule);

        await using var content = upload?.OpenReadStream();
        var order = new BatchJobOrder(new ServingTarget(request.Model, request.Version, request.Alias), request.Source,
            upload is null ? null : new BatchUpload(upload.FileName, content!), target.FileName, BatchTriggers.Api);
        var job = await jobs.CreateAsync(order, user.ActorName(), cancellationToken);
        return job.Succeeded ? TypedResults.Accepted($"/api/v1/batch-jobs/{job.Value!.Id}", job.Value) : OperationProblems.From(job);
    }

    private static async Task<Results<Ok<Paged<BatchJobInfo>>, ValidationProblem>> ListAsync(
        string? definition, int? page, int? pageSize, IBatchJobs jobs, CancellationToken cancellationToken)
    {
        if (Paging.Validate(page, pageSize) is { } invalid) return invalid;
        return TypedResults.Ok(await jobs.ListAsync(definition, Paging.From(page, pageSize), cancellationToken));
    }

    private static async Task<Results<Ok<BatchJobInfo>, ProblemHttpResult>> GetAsync(string id, IBatchJobs jobs, CancellationToken cancellationToken) =>
        await jobs.GetAsync(id, cancellationToken) is { } job
            ? TypedResults.Ok(job)
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found.", detail: $"There is no batch job '{id}'.");

    private static async Task<IResult> GetOutputAsync(string id, BatchJobService jobs, CancellationToken cancellationToken)
    {
        var output = await jobs.OpenOutputAsync(id, cancellationToken);
        return output.Succeeded ? TypedResults.Stream(output.Value.Content, "text/csv", output.Value.Name) : OperationProblems.From(output);
    }

    private static async Task<Results<Accepted<BatchJobInfo>, ProblemHttpResult>> CancelAsync(string id, IBatchJobs jobs, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var job = await jobs.CancelAsync(id, user.ActorName(), cancellationToken);
        return job.Succeeded ? TypedResults.Accepted($"/api/v1/batch-jobs/{id}", job.Value!) : OperationProblems.From(job);
    }

    private static IResult Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, detail: message);

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
