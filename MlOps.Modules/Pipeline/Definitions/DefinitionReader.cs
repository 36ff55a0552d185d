using System.Text.Json;
using MlOps.Modules.Pipeline.Contracts;

namespace MlOps.Modules.Pipeline.Definitions;

/// <summary>Reads a definition posted as JSON or as YAML (<c>Content-Type: application/yaml</c>).</summary>
internal static class DefinitionReader
{
    public static async Task<(PipelineDefinition? Definition, IResult? Problem)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        try
        {
            if (PipelineYaml.IsYaml(request.ContentType))
            {
                using var reader = new StreamReader(request.Body);
                return (PipelineYaml.Parse(await reader.ReadToEndAsync(cancellationToken), PipelineJson.Options), null);
            }

            if (!request.HasJsonContentType())
                return (null, TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type.",
                    detail: "Send the definition as application/json or application/yaml."));
            var definition = await JsonSerializer.DeserializeAsync<PipelineDefinition>(request.Body, PipelineJson.Options, cancellationToken);
            return definition is null ? (null, Malformed("The body is empty.")) : (definition, null);
        }
        catch (JsonException error)
        {
            return (null, Malformed($"The JSON does not describe a pipeline: {error.Message.Split(" Path:")[0]} (at {error.Path ?? "$"})."));
        }
        catch (FormatException error)
        {
            return (null, Malformed(error.Message));
        }
    }

    private static IResult Malformed(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The pipeline definition could not be read.", detail: detail);
}
