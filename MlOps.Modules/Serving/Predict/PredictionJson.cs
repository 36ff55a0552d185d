using System.Text.Json;
using System.Text.Json.Serialization;
using MlOps.Modules.Serving.Contracts;

namespace MlOps.Modules.Serving.Predict;

/// <summary>
/// Predict answers, serialized by generated code that writes straight to the response: the reflection-based
/// converters cost a single-record prediction more than scoring it did.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(PredictionResponse))]
[JsonSerializable(typeof(ComparisonResponse))]
internal sealed partial class PredictionJson : JsonSerializerContext;
