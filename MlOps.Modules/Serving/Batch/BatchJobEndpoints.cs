using Microsoft.Extensions.DependencyInjection;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using MlOps.Modules.Pipeline.Contracts;
using MlOps.Modules.Platform.Contracts;
using MlOps.Modules.Serving.Contracts;
using MlOps.Modules.Serving.Predict;

namespace MlOps.Modules.Serving.Batch;

internal static partial class BatchJobEndpoints
{
    private const string DefaultOutput = "predictions.csv";

    public static void MapBatchJobEndpoints(this IEndpointRouteBuilder api, ServingOptions options)
    {
        var jobs = api.MapGroup("/batch-jobs").RequireAuthorization(Policies.Predict).WithTags("Serving");
        jobs.MapPost("/", CreateAsync).WithMetadata(new BodySizeLimit(options.MaxCsvRequestBytes)).DisableAntiforgery()
            .Accepts<CreateBatchJobRequest>("application/json", "multipart/form-data")
            .WithName("CreateBatchJob").WithSummary("Scores a dataset version or an uploaded CSV in the background, row by row");
        jobs.MapGet("/{id}", Get).WithName("GetBatchJob").WithSummary("A batch job's status and progress");
        jobs.MapGet("/{id}/output", GetOutput).WithName("GetBatchJobOutput").WithSummary("The scored CSV of a finished batch job");
        jobs.MapPost("/{id}/cancel", Cancel).WithName("CancelBatchJob").WithSummary("Stops a queued or running batch job");
    }

    private static async Task<IResult> CreateAsync(HttpContext http, PredictionService service, BatchJobRunner runner, IDatasetCatalog datasets, TimeProvider clock, CancellationToken cancellationToken)
    {
        CreateBatchJobRequest? request;
        IFormFile? upload = null;
        if (http.Request.HasFormContentType)
        {
            var form = await http.Request.ReadFormAsync(cancellationToken);
            upload = form.Files.GetFile("file");
            request = new CreateBatchJobRequest(form["model"].ToString(), NullIfEmpty(form["alias"]),
                int.TryParse(form["version"], out var v) ? v : null, null, NullIfEmpty(form["target"]));
            if (upload is null) return Invalid("file", "Send the CSV to score in a form part named 'file'.");
        }
        else
        {
            request = await http.Request.ReadFromJsonAsync<CreateBatchJobRequest>(cancellationToken);
        }

        if (request is null || string.IsNullOrWhiteSpace(request.Model)) return Invalid("model", "Name the model to score with.");
        if (request.Version is not null && request.Alias is not null) return Invalid("version", "Choose a version or an alias, not both.");
        var output = request.Target ?? DefaultOutput;
        if (!OutputName().IsMatch(output)) return Invalid("target", "The target is a file name ending in .csv (letters, digits, '.', '_', '-').");

        var target = new ServingTarget(request.Model, request.Version, request.Alias);
        var model = await service.ResolveAsync(target, cancellationToken);
        if (!model.Succeeded) return OperationProblems.From(model);
        if (model.Value!.IsImageModel) return Invalid("model", $"Model '{request.Model}' scores images; batch jobs score CSV rows.");

        var id = Guid.CreateVersion7().ToString("N");
        string source;
        Func<IServiceProvider, CancellationToken, Task<Stream?>> open;
        if (upload is not null)
        {
            var saved = Path.Combine(Path.GetTempPath(), $"mlops-batch-source-{id}.csv");
            await using (var file = File.Create(saved)) await upload.CopyToAsync(file, cancellationToken);
            source = $"upload {upload.FileName}";
            open = (_, _) => Task.FromResult<Stream?>(new FileStream(saved, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.DeleteOnClose));
        }
        else
        {
            if (request.Source?.Dataset is not { Length: > 0 } name) return Invalid("source", "Name a dataset (and optionally its version) or upload a CSV as multipart/form-data.");
            var version = await datasets.GetVersionAsync(name, request.Source.Version, cancellationToken);
            if (version is null) return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found.", detail: $"There is no dataset '{name}'{(request.Source.Version is { } n ? $" version {n}" : "")}.");
            if (version.Kind != DatasetKind.Tabular) return Invalid("source", $"Dataset '{name}' holds images; batch jobs score CSV rows.");
            source = $"dataset {version.Name} v{version.Version}";
            open = (services, token) => services.GetRequiredService<IDatasetCatalog>().OpenFileAsync(version.Name, version.Version, token);
        }

        var job = runner.Enqueue(new BatchJob(id, target, source, output, http.User.ActorName(), clock.GetUtcNow().UtcDateTime, open));
        return TypedResults.Accepted($"/api/v1/batch-jobs/{id}", job.Describe());
    }

    private static Results<Ok<BatchJobInfo>, ProblemHttpResult> Get(string id, BatchJobRunner runner) =>
        runner.Find(id) is { } job ? TypedResults.Ok(job.Describe()) : Unknown(id);

    private static IResult GetOutput(string id, BatchJobRunner runner, IArtifactStore artifacts)
    {
        if (runner.Find(id) is not { } job) return Unknown(id);
        if (job.Status != BatchJobStatus.Succeeded || job.OutputPath is null)
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict.", detail: $"Batch job {id} is {job.Status}; its output exists once it has succeeded.");
        var stream = artifacts.OpenRead(ArtifactPath.Parse(job.OutputPath));
        return stream is null ? Unknown(id) : TypedResults.Stream(stream, "text/csv", job.OutputName);
    }

    private static Results<Accepted<BatchJobInfo>, ProblemHttpResult> Cancel(string id, BatchJobRunner runner)
    {
        if (runner.Find(id) is not { } job) return Unknown(id);
        job.Cancellation.Cancel();
        return TypedResults.Accepted($"/api/v1/batch-jobs/{id}", job.Describe());
    }

    private static ProblemHttpResult Unknown(string id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found.", detail: $"There is no batch job '{id}'.");

    private static IResult Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, detail: message);

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    [GeneratedRegex("^[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}\\.csv$")]
    private static partial Regex OutputName();

    internal sealed record BatchSource(string? Dataset, int? Version);

    internal sealed record CreateBatchJobRequest(string? Model, string? Alias, int? Version, BatchSource? Source, string? Target);
}
