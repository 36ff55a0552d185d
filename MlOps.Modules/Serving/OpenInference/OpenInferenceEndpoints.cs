using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using MlOps.Modules.Platform.Contracts;
using MlOps.Modules.Serving.Contracts;
using MlOps.Modules.Serving.Models;
using MlOps.Modules.Serving.Predict;

namespace MlOps.Modules.Serving.OpenInference;

/// <summary>
/// The Open Inference Protocol v2 (KServe, Triton, MLServer) over the same models, credentials and prediction log as
/// the predict route. No version in the path means the production alias. Errors are the protocol's <c>{"error"}</c>.
/// </summary>
internal static class OpenInferenceEndpoints
{
    private const string BinaryHeaderLength = "Inference-Header-Content-Length";

    public static void MapOpenInferenceEndpoints(this IEndpointRouteBuilder app, ServingOptions options)
    {
        var v2 = app.MapGroup("/v2").WithTags("Open Inference Protocol");
        v2.MapGet("/health/live", () => TypedResults.Ok(new ServerLive(true))).RequireAuthorization(Policies.Read).WithName("OipLive")
            .WithSummary("Answers while the server runs");
        v2.MapGet("/health/ready", () => TypedResults.Ok(new ServerReady(true))).RequireAuthorization(Policies.Read).WithName("OipReady")
            .WithSummary("Answers when the server takes inference requests");
        foreach (var (path, suffix) in new[] { ("/models/{name}", ""), ("/models/{name}/versions/{version}", "Version") })
        {
            v2.MapGet(path, MetadataAsync).RequireAuthorization(Policies.Read).WithName($"OipModelMetadata{suffix}")
                .WithSummary("A model version's platform, input and output tensors");
            v2.MapGet($"{path}/ready", ReadyAsync).RequireAuthorization(Policies.Read).WithName($"OipModelReady{suffix}")
                .WithSummary("Whether a model version is loaded and ready to score");
            v2.MapPost($"{path}/infer", InferAsync).RequireAuthorization(Policies.Predict)
                .AddEndpointFilter<FailedPredictionFilter>()
                .RateLimitedBy(options)
                .WithMetadata(new BodySizeLimit(options.MaxRequestBytes))
                .DisableAntiforgery()
                .WithName($"OipInfer{suffix}")
                .WithSummary("Scores input tensors and answers the requested output tensors");
        }
    }

    private static async Task<IResult> MetadataAsync(string name, string? version, PredictionService service, CancellationToken cancellationToken)
    {
        var (model, error) = await ResolveAsync(name, version, service, cancellationToken);
        if (model is null) return error!;
        var tensors = InferenceTensors.Of(model);
        return TypedResults.Json(new ModelMetadata(model.Name, [model.Version.ToString(CultureInfo.InvariantCulture)], InferenceTensors.Platform(model),
            tensors.Inputs.Select(i => i.Tensor).ToList(), tensors.Outputs), InferenceJson.Default.ModelMetadata);
    }

    private static async Task<IResult> ReadyAsync(string name, string? version, PredictionService service, CancellationToken cancellationToken)
    {
        var (model, error) = await ResolveAsync(name, version, service, cancellationToken);
        return model is null ? error! : TypedResults.Ok(new ModelReady(model.Name, true));
    }

    private static async Task<IResult> InferAsync(string name, string? version, HttpContext http, PredictionService service, Microsoft.Extensions.Options.IOptions<ServingOptions> options,
        CancellationToken cancellationToken)
    {
        var (model, error) = await ResolveAsync(name, version, service, cancellationToken);
        if (model is null) return error!;
        var (body, binary, bodyProblem) = await ReadBodyAsync(http.Request, cancellationToken);
        if (body is null) return Error(StatusCodes.Status400BadRequest, bodyProblem!);

        using (body)
        {
            var tensors = InferenceTensors.Of(model);
            var (call, problem) = InferenceRequestReader.Read(body.RootElement, binary, tensors.Inputs, tensors.Outputs, options.Value.MaxRecordsPerRequest);
            if (call is null) return Error(StatusCodes.Status400BadRequest, problem!);
            var target = Target(name, version);
            var caller = http.User.ActorName();
            IReadOnlyList<Prediction> predictions;
            if (call.Pictures is { } pictures)
            {
                var scored = new List<Prediction>(pictures.Count);
                foreach (var picture in pictures)
                {
                    var one = await service.ScoreImageAsync(model, target, picture, scored.Count, caller, http.TraceIdentifier, cancellationToken);
                    if (!one.Succeeded)
                        return Error(StatusCodes.Status400BadRequest, $"Picture {scored.Count + 1}: {string.Join(" ", one.Problems.Values.SelectMany(p => p))}");
                    scored.Add(one.Value!);
                }

                predictions = scored;
            }
            else if (call.Images is { } images)
            {
                var rows = images.Select(tensor =>
                {
                    var row = model.NewRow();
                    row.Tensor = tensor;
                    return row;
                }).ToList();
                predictions = service.ScoreRows(model, target, rows, 0, caller, http.TraceIdentifier);
            }
            else
            {
                var scored = service.Score(model, target, call.Records!, caller, http.TraceIdentifier);
                if (!scored.Succeeded) return Error(StatusCodes.Status400BadRequest, string.Join(" ", scored.Problems.Values.SelectMany(p => p)));
                predictions = scored.Value!;
            }

            var answered = new List<OutputTensor>(tensors.Outputs.Count);
            foreach (var output in tensors.Outputs)
                if (call.Outputs is null || call.Outputs.Contains(output.Name)) answered.Add(Output(model, output, predictions));
            return TypedResults.Json(new InferResponse(model.Name, model.Version.ToString(CultureInfo.InvariantCulture), call.Id ?? http.TraceIdentifier, answered),
                InferenceJson.Default.InferResponse);
        }
    }

    /// <summary>
    /// The JSON body, or, in the binary tensor extension (header <c>Inference-Header-Content-Length</c>), the JSON header
    /// and the bytes after it.
    /// </summary>
    private static async Task<(JsonDocument? Body, ReadOnlyMemory<byte> Binary, string? Problem)> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        try
        {
            if (!request.Headers.TryGetValue(BinaryHeaderLength, out var header))
                return (await JsonDocument.ParseAsync(request.Body, default, cancellationToken), ReadOnlyMemory<byte>.Empty, null);
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer, cancellationToken);
            var all = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
            if (!int.TryParse(header, NumberStyles.None, CultureInfo.InvariantCulture, out var jsonLength) || jsonLength > all.Length)
                return (null, default, $"{BinaryHeaderLength} must be the length of the JSON header, at most the body's {all.Length:N0} bytes.");
            return (JsonDocument.Parse(all[..jsonLength]), all[jsonLength..], null);
        }
        catch (JsonException)
        {
            return (null, default, "The body is not valid JSON.");
        }
    }

    private static OutputTensor Output(LoadedModel model, InferenceTensor tensor, IReadOnlyList<Prediction> predictions)
    {
        var rows = predictions.Count;
        if (tensor.Datatype == "BYTES")
        {
            var labels = new string[rows];
            for (var r = 0; r < rows; r++) labels[r] = predictions[r].Label ?? "";
            return new OutputTensor(tensor.Name, [rows], "BYTES", labels);
        }

        if (model.Task == "Regression")
        {
            var values = new float[rows];
            for (var r = 0; r < rows; r++) values[r] = (float)(predictions[r].Value ?? double.NaN);
            return new OutputTensor(tensor.Name, [rows], "FP32", values);
        }

        var classes = model.Labels;
        var data = new float[rows * classes.Count];
        for (var r = 0; r < rows; r++)
            for (var c = 0; c < classes.Count; c++) data[r * classes.Count + c] = predictions[r].Probabilities?.TryGetValue(classes[c], out var p) == true ? (float)p : float.NaN;
        return new OutputTensor(tensor.Name, [rows, classes.Count], "FP32", data);
    }

    private static async Task<(LoadedModel? Model, IResult? Error)> ResolveAsync(string name, string? version, PredictionService service, CancellationToken cancellationToken)
    {
        if (version is not null && (!int.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number <= 0))
            return (null, Error(StatusCodes.Status400BadRequest, $"A version is a positive number, not '{version}'."));
        var resolved = await service.ResolveAsync(Target(name, version), cancellationToken);
        if (resolved.Succeeded) return (resolved.Value, null);
        var status = resolved.Error switch
        {
            OperationError.NotFound => StatusCodes.Status404NotFound,
            OperationError.Invalid => StatusCodes.Status400BadRequest,
            _ => StatusCodes.Status409Conflict,
        };
        return (null, Error(status, string.Join(" ", resolved.Problems.Values.SelectMany(p => p))));
    }

    private static ServingTarget Target(string name, string? version) =>
        new(name, version is null ? null : int.Parse(version, CultureInfo.InvariantCulture));

    private static IResult Error(int status, string message) => TypedResults.Json(new ErrorResponse(message), InferenceJson.Default.ErrorResponse, statusCode: status);

    internal sealed record ServerLive(bool Live);

    internal sealed record ServerReady(bool Ready);

    internal sealed record ModelReady(string Name, bool Ready);

    internal sealed record ErrorResponse(string Error);

    internal sealed record ModelMetadata(string Name, IReadOnlyList<string> Versions, string Platform, IReadOnlyList<InferenceTensor> Inputs, IReadOnlyList<InferenceTensor> Outputs);

    internal sealed record OutputTensor(string Name, IReadOnlyList<long> Shape, string Datatype, object Data);

    internal sealed record InferResponse(
        [property: JsonPropertyName("model_name")] string ModelName,
        [property: JsonPropertyName("model_version")] string ModelVersion,
        string Id,
        IReadOnlyList<OutputTensor> Outputs);
}
