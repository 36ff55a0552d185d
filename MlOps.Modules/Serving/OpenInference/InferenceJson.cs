using System.Text.Json;
using System.Text.Json.Serialization;

namespace MlOps.Modules.Serving.OpenInference;

/// <summary>
/// Open Inference answers, serialized by generated code as the predict route's are; an output tensor's data is a
/// <c>float[]</c> or a <c>string[]</c>.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(OpenInferenceEndpoints.InferResponse))]
[JsonSerializable(typeof(OpenInferenceEndpoints.ModelMetadata))]
[JsonSerializable(typeof(OpenInferenceEndpoints.ErrorResponse))]
[JsonSerializable(typeof(float[]))]
[JsonSerializable(typeof(string[]))]
internal sealed partial class InferenceJson : JsonSerializerContext;
