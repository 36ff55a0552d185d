using System.Text.Json.Serialization;

namespace MlOps.Modules.Serving.Contracts;

/// <summary>A class label with its probabilities (classification) or a value (regression).</summary>
public sealed record Prediction(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Label,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, double>? Probabilities,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Value);

/// <summary>Which version to serve: a number, or else an alias (<c>production</c> when neither is given).</summary>
public sealed record ServingTarget(string Model, int? Version = null, string? Alias = null);

public sealed record PredictionResponse(
    string Model,
    int Version,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Alias,
    string ApiVersion,
    string RequestId,
    IReadOnlyList<Prediction> Predictions);

public sealed record ComparisonResult(string Model, int Version, IReadOnlyList<Prediction> Predictions);

public sealed record ComparisonResponse(IReadOnlyList<ComparisonResult> Results);

public enum LoadedModelState
{
    Loading,
    Ready,
    Failed,
}

public sealed record LoadedModelInfo(string Model, int Version, IReadOnlyList<string> Aliases, DateTime? LoadedAt, LoadedModelState State, TimeSpan? LoadDuration, long Predictions, string? Error);

public sealed record ServingStatus(IReadOnlyList<LoadedModelInfo> Models, int MaxLoadedModels, long PredictionEvents, long DroppedPredictionEvents);

/// <summary>What the Predict page needs to draw a form: the version's columns with their types and known values.</summary>
public sealed record ServingInput(string Name, string Type, double? Min, double? Max, IReadOnlyList<string>? Categories);

public sealed record ServingModelInfo(string Model, int Version, string Task, IReadOnlyList<ServingInput> Inputs, IReadOnlyList<string>? Labels);
