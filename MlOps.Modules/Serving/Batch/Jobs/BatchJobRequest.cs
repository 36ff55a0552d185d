using System.Text.Json;
using System.Text.Json.Serialization;
using MlOps.Modules.Serving.Contracts;

namespace MlOps.Modules.Serving.Batch.Jobs;

/// <summary>
/// <c>POST /batch-jobs</c>: a model with an alias or a version, a dataset source (or a CSV in a multipart upload)
/// and a target, either a file name (<c>"scored.csv"</c>) or the definitions' form (<c>{"format":"csv","name":"scored.csv"}</c>).
/// </summary>
internal sealed record BatchJobRequest(
    string? Model,
    string? Alias,
    int? Version,
    BatchSource? Source,
    [property: JsonConverter(typeof(BatchTargetConverter))] BatchTarget? Target);

/// <summary>A target given as a file name or as an object.</summary>
internal sealed class BatchTargetConverter : JsonConverter<BatchTarget>
{
    public override BatchTarget? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String
            ? new BatchTarget(BatchTarget.Csv, reader.GetString())
            : JsonSerializer.Deserialize<BatchTarget>(ref reader, options);

    public override void Write(Utf8JsonWriter writer, BatchTarget value, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, value, options);
}

/// <summary>What a job is asked to do, however it was asked (REST, a definition run now, a schedule).</summary>
internal sealed record BatchJobOrder(ServingTarget Model, BatchSource? Dataset, BatchUpload? Upload, string OutputName, string Trigger, string? Definition = null);
