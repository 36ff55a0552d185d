using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using MlOps.Modules.Platform.Contracts;
using MlOps.Modules.Serving.Contracts;
using MlOps.Modules.Serving.Models;

namespace MlOps.Modules.Serving.Predict;

internal static class PredictEndpoints
{
    public static void MapPredictEndpoints(this IEndpointRouteBuilder api, ServingOptions options)
    {
        api.MapPost("/models/{name}/predict", PredictAsync)
            .RequireAuthorization(Policies.Predict)
            .AddEndpointFilter<FailedPredictionFilter>()
            .RateLimitedBy(options)
            .WithMetadata(new BodySizeLimit(options.MaxCsvRequestBytes))
            .DisableAntiforgery()
            .Accepts<PredictRequest>("application/json", "text/csv", "multipart/form-data")
            .Produces<PredictionResponse>(contentType: "application/json")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("Predict")
            .WithSummary("Scores records (JSON, MLflow shapes, CSV) or an uploaded image with a model version chosen by alias or number")
            .WithTags("Serving");
        api.MapPost("/predict/compare", CompareAsync)
            .RequireAuthorization(Policies.Predict)
            .RateLimitedBy(options)
            .WithMetadata(new BodySizeLimit(options.MaxRequestBytes))
            .WithName("ComparePredictions")
            .WithSummary("Scores the same records with several model versions")
            .WithTags("Serving");
    }

    private static async Task<IResult> PredictAsync(
        string name, int? version, string? alias, HttpContext http, PredictionService service, IOptions<ServingOptions> options, CancellationToken cancellationToken)
    {
        if (version is not null && alias is not null)
            return Invalid("version", "Choose a version or an alias, not both.");
        if (version is <= 0) return Invalid("version", "A version is a positive number.");
        if (alias is not null && !Names.IsAlias(alias)) return Invalid("alias", Names.AliasRule);

        var target = new ServingTarget(name, version, alias);
        var resolved = await service.ResolveAsync(target, cancellationToken);
        if (!resolved.Succeeded) return OperationProblems.From(resolved);
        var model = resolved.Value!;
        var request = http.Request;
        var wantsCsv = request.Headers.Accept.ToString().Contains("text/csv", StringComparison.OrdinalIgnoreCase);
        var caller = http.User.ActorName();

        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(cancellationToken);
            if (form.Files.GetFile("file") is not { } file) return Invalid("file", "Send the image or CSV in a form part named 'file'.");
            await using var upload = file.OpenReadStream();
            if (model.IsImageModel || !IsCsv(file))
            {
                if (file.Length > options.Value.MaxRequestBytes) return Invalid("file", $"An image may be at most {options.Value.MaxRequestBytes:N0} bytes.");
                using var buffer = new MemoryStream();
                await upload.CopyToAsync(buffer, cancellationToken);
                var scored = await service.ScoreImageAsync(model, target, buffer.ToArray(), 0, caller, http.TraceIdentifier, cancellationToken);
                return scored.Succeeded ? Answer(service, model, target, http, [scored.Value!], wantsCsv) : OperationProblems.From(scored);
            }

            return await CsvAsync(service, model, target, upload, http, wantsCsv, cancellationToken);
        }

        var mediaType = request.ContentType?.Split(';', 2)[0].Trim();
        if (string.Equals(mediaType, "text/csv", StringComparison.OrdinalIgnoreCase))
            return await CsvAsync(service, model, target, request.Body, http, wantsCsv, cancellationToken);
        if (!string.IsNullOrEmpty(mediaType) && !mediaType.EndsWith("json", StringComparison.OrdinalIgnoreCase))
            return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type.",
                detail: "Send application/json, text/csv or multipart/form-data.");
        if (request.ContentLength > options.Value.MaxRequestBytes)
            return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Payload too large.",
                detail: $"A JSON request may be at most {options.Value.MaxRequestBytes:N0} bytes; send CSV for more.");

        using var body = await ReadJsonAsync(request.Body, cancellationToken);
        if (body is null) return Invalid("body", "The body is not valid JSON.");
        if (JsonRecords.From(body.RootElement, out var problem) is not { } records) return Invalid("records", problem!);
        var predictions = service.Score(model, target, records, caller, http.TraceIdentifier);
        return predictions.Succeeded ? Answer(service, model, target, http, predictions.Value!, wantsCsv) : OperationProblems.From(predictions);
    }

    private static async Task<IResult> CompareAsync(CompareRequest request, HttpContext http, PredictionService service, CancellationToken cancellationToken)
    {
        if (request.Targets is not { Count: > 0 } targets) return Invalid("targets", "Name at least one model to compare.");
        var records = JsonRecords.FromArray(request.Records, out var problem);
        if (records is null) return Invalid("records", problem!);

        var results = new List<ComparisonResult>(targets.Count);
        for (var i = 0; i < targets.Count; i++)
        {
            var t = targets[i];
            if (string.IsNullOrWhiteSpace(t.Model)) return Invalid($"targets[{i}].model", "Name the model.");
            if (t.Version is not null && t.Alias is not null) return Invalid($"targets[{i}]", "Choose a version or an alias, not both.");
            if (t.Alias is not null && !Names.IsAlias(t.Alias)) return Invalid($"targets[{i}].alias", Names.AliasRule);
            var target = new ServingTarget(t.Model, t.Version, t.Alias);
            var model = await service.ResolveAsync(target, cancellationToken);
            if (!model.Succeeded) return OperationProblems.From(model);
            var scored = service.Score(model.Value!, target, records, http.User.ActorName(), http.TraceIdentifier);
            if (!scored.Succeeded) return OperationProblems.From(scored);
            results.Add(new ComparisonResult(model.Value!.Name, model.Value.Version, scored.Value!));
        }

        return TypedResults.Json(new ComparisonResponse(results), PredictionJson.Default.ComparisonResponse);
    }

    private static async Task<IResult> CsvAsync(PredictionService service, LoadedModel model, ServingTarget target, Stream csv, HttpContext http, bool wantsCsv, CancellationToken cancellationToken)
    {
        var opened = await service.OpenCsvAsync(model, target, csv, http.User.ActorName(), http.TraceIdentifier, cancellationToken);
        if (!opened.Succeeded) return OperationProblems.From(opened);
        var scoring = opened.Value!;
        if (wantsCsv) return Results.Stream(output => scoring.WriteCsvAsync(output, cancellationToken), "text/csv; charset=utf-8");

        var predictions = new List<Prediction>();
        try
        {
            await foreach (var (_, prediction) in scoring.ScoreAsync(cancellationToken)) predictions.Add(prediction);
        }
        catch (InvalidDataException e)
        {
            return Invalid("records", e.Message);
        }

        return Answer(service, model, target, http, predictions, wantsCsv: false);
    }

    private static IResult Answer(PredictionService service, LoadedModel model, ServingTarget target, HttpContext http, IReadOnlyList<Prediction> predictions, bool wantsCsv)
    {
        if (!wantsCsv) return TypedResults.Json(service.Respond(model, target, http.TraceIdentifier, predictions), PredictionJson.Default.PredictionResponse);
        var csv = new StringBuilder();
        csv.AppendLine(string.Join(',', CsvPredictionWriter.Header(model).Select(CsvCell.Format)));
        foreach (var prediction in predictions) csv.AppendLine(string.Join(',', CsvPredictionWriter.Fields(model, prediction)));
        return Results.Text(csv.ToString(), "text/csv", Encoding.UTF8);
    }

    private static async Task<JsonDocument?> ReadJsonAsync(Stream body, CancellationToken cancellationToken)
    {
        try
        {
            return await JsonDocument.ParseAsync(body, new JsonDocumentOptions { MaxDepth = JsonOrYamlBody.MaxDepth }, cancellationToken);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool IsCsv(IFormFile file) =>
        file.FileName.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) || file.ContentType.StartsWith("text/", StringComparison.OrdinalIgnoreCase);

    private static IResult Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, detail: message);

    internal sealed record PredictRequest(IReadOnlyList<Dictionary<string, JsonElement>> Records);

    internal sealed record CompareTarget(string Model, int? Version, string? Alias);

    internal sealed record CompareRequest(IReadOnlyList<CompareTarget>? Targets, JsonElement Records);
}
