using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using MlOps.Modules.Pipeline.Contracts;
using MlOps.Modules.Platform.Contracts;
using MlOps.Modules.Registry.Contracts;

namespace MlOps.Modules.Registry.Versions;

internal static class UploadOnnxEndpoint
{
    private static readonly JsonSerializerOptions SignatureJson = new(JsonSerializerDefaults.Web);

    public static void MapUploadOnnx(this IEndpointRouteBuilder api) =>
        api.MapPost("/models/{name}/versions", UploadAsync)
            .RequireAuthorization(Policies.Write)
            .DisableAntiforgery()
            .WithTags("Registry")
            .WithName("UploadOnnxModelVersion")
            .WithSummary("Registers the next version of a model from an uploaded .onnx file, with an optional signature saying what its tensors mean and an optional reference dataset for drift");

    private static async Task<Results<Created<ModelVersionDetails>, ProblemHttpResult, ValidationProblem>> UploadAsync(
        string name, IFormFile? file, [FromForm] string? signature, [FromForm] string? description, [FromForm] string? referenceDataset, IModelRegistry registry,
        IDatasetCatalog datasets, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (file is null) return Invalid("file", "Send the model in a form part named 'file'.");
        if (!file.FileName.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase)) return Invalid("file", "The file must be an ONNX model ending in .onnx.");
        if (description?.Length > RegistryNames.MaxTextLength) return Invalid("description", "A description holds at most 2000 characters.");
        OnnxSignature? parsed = null;
        if (!string.IsNullOrWhiteSpace(signature))
        {
            try
            {
                parsed = JsonSerializer.Deserialize<OnnxSignature>(signature, SignatureJson);
            }
            catch (JsonException e)
            {
                return Invalid("signature", $"The signature is not valid JSON of the documented shape: {e.Message}");
            }

            if (parsed is null || parsed.Task is null || parsed.Outputs is null)
                return Invalid("signature", "The signature needs 'task' and 'outputs'.");
        }

        DatasetReference? reference = null;
        if (!string.IsNullOrWhiteSpace(referenceDataset))
        {
            var (resolved, problem) = await ReferenceDatasetChecks.ResolveAsync(referenceDataset, parsed, datasets, cancellationToken);
            if (resolved is null) return Invalid("referenceDataset", problem!);
            reference = resolved;
        }

        await using var content = file.OpenReadStream();
        var registered = await registry.RegisterVersionAsync(
            new NewModelVersion(name, parsed?.Task ?? "Unspecified", Dataset: reference, ModelDescription: description, Format: ModelFormat.Onnx, Signature: parsed),
            content, user.ActorName(), cancellationToken);
        return registered.Succeeded
            ? TypedResults.Created($"/api/v1/models/{registered.Value!.Name}/versions/{registered.Value.Version}", registered.Value)
            : OperationProblems.From(registered);
    }

    private static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, detail: message);
}
