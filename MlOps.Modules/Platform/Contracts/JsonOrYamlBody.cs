using System.Text;
using System.Text.Json;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;
using YamlDotNet.Serialization;

namespace MlOps.Modules.Platform.Contracts;

/// <summary>
/// Definitions posted as JSON or as YAML. YAML is read as its JSON twin: the YAML tree becomes JSON and is bound
/// with the caller's JSON options, so both forms share one set of field names, converters and validators.
/// Size, nesting and node count are bounded and YAML anchors refused before anything is built: a few hundred
/// bytes of aliases can otherwise expand a billion-fold.
/// </summary>
public static class JsonOrYamlBody
{
    public const string MediaType = "application/yaml";
    public const int MaxBytes = 256 * 1024;
    public const int MaxDepth = 32;
    public const int MaxNodes = 10_000;

    private static readonly IDeserializer Reader = new DeserializerBuilder().WithAttemptingUnquotedStringTypeDeserialization().Build();

    public static bool IsYaml(string? contentType) =>
        contentType is not null && (contentType.StartsWith(MediaType, StringComparison.OrdinalIgnoreCase)
            || contentType.StartsWith("text/yaml", StringComparison.OrdinalIgnoreCase)
            || contentType.StartsWith("application/x-yaml", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Reads the body by its content type; <paramref name="subject"/> names what it should describe ("pipeline definition").
    /// A body that cannot be read is a 400 saying where (the YAML line, the JSON path); another media type is a 415.
    /// </summary>
    public static async Task<JsonOrYamlRead<T>> ReadAsync<T>(HttpRequest request, JsonSerializerOptions json, string subject, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            var yaml = IsYaml(request.ContentType);
            if (!yaml && !request.HasJsonContentType())
                return new JsonOrYamlRead<T>(null, TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type.",
                    detail: $"Send the {subject} as application/json or {MediaType}."), null);
            if (await ReadBoundedAsync(request.Body, cancellationToken) is not { } body)
                return new JsonOrYamlRead<T>(null, TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "The request body is too large.",
                    detail: $"A {subject} is at most {MaxBytes / 1024} KiB; this one is larger. Split it or remove what it does not need."), null);
            if (yaml)
            {
                var text = Encoding.UTF8.GetString(body);
                return new JsonOrYamlRead<T>(Parse<T>(text, json, subject), null, text);
            }

            var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = MaxDepth });
            var value = body.Length == 0 ? null : JsonSerializer.Deserialize<T>(ref reader, json);
            return value is null ? Malformed<T>(subject, "The body is empty.") : new JsonOrYamlRead<T>(value, null, null);
        }
        catch (JsonException error)
        {
            return Malformed<T>(subject, $"The JSON does not describe a {subject}: {error.Message.Split(" Path:")[0]} (at {error.Path ?? "$"}).");
        }
        catch (FormatException error)
        {
            return Malformed<T>(subject, error.Message);
        }
    }

    /// <summary>Binds YAML to <typeparamref name="T"/>; <paramref name="subject"/> names what it should describe ("pipeline definition").</summary>
    /// <exception cref="FormatException">The text is not YAML of that shape; the message says where.</exception>
    public static T Parse<T>(string yaml, JsonSerializerOptions json, string subject)
    {
        object? tree;
        try
        {
            CheckShape(yaml);
            tree = Reader.Deserialize<object>(yaml);
        }
        catch (YamlException error)
        {
            throw new FormatException($"The YAML is malformed at line {error.Start.Line}, column {error.Start.Column}: {error.Message}");
        }

        try
        {
            return JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(Normalize(tree), json), json)
                ?? throw new FormatException("The YAML document is empty.");
        }
        catch (JsonException error)
        {
            throw new FormatException($"The YAML does not describe a {subject}: {error.Message.Split(" Path:")[0]} (at {error.Path}).");
        }
    }

    /// <summary>
    /// The 1-based line of a field given as a dotted path of JSON names (<c>source.dataset</c>, matched without
    /// regard to case), or of its closest written parent; null when not even the first name is in the document.
    /// </summary>
    public static int? LineOf(string yaml, string path)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException)
        {
            return null;
        }

        int? line = null;
        var node = stream.Documents.FirstOrDefault()?.RootNode;
        foreach (var name in path.Split('.'))
        {
            if (node is not YamlMappingNode map) break;
            var entry = map.Children.FirstOrDefault(e => e.Key is YamlScalarNode key && string.Equals(key.Value, name, StringComparison.OrdinalIgnoreCase));
            if (entry.Key is null) break;
            line = (int)entry.Key.Start.Line;
            node = entry.Value;
        }

        return line;
    }

    /// <summary>Walks the YAML's events, which builds nothing, to refuse anchors, aliases, deep nesting and too many nodes.</summary>
    private static void CheckShape(string yaml)
    {
        if (Encoding.UTF8.GetByteCount(yaml) > MaxBytes) throw new FormatException($"The YAML is longer than {MaxBytes / 1024} KiB.");
        var parser = new Parser(new StringReader(yaml));
        int depth = 0, nodes = 0;
        while (parser.MoveNext())
        {
            var current = parser.Current!;
            if (current is AnchorAlias || current is NodeEvent { Anchor.IsEmpty: false })
                throw new FormatException($"The YAML uses an anchor or alias ('&' or '*') at line {current.Start.Line}; write the values out in full.");
            if (current is NodeEvent && ++nodes > MaxNodes)
                throw new FormatException($"The YAML holds more than {MaxNodes:N0} values; a definition needs far fewer.");
            if (current is MappingStart or SequenceStart && ++depth > MaxDepth)
                throw new FormatException($"The YAML nests deeper than {MaxDepth} levels (at line {current.Start.Line}).");
            if (current is MappingEnd or SequenceEnd) depth--;
        }
    }

    /// <summary>The whole body, or null when it is longer than <see cref="MaxBytes"/>; never more than that is held.</summary>
    private static async Task<byte[]?> ReadBoundedAsync(Stream body, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxBytes + 1];
        var filled = 0;
        int read;
        while (filled < buffer.Length && (read = await body.ReadAsync(buffer.AsMemory(filled), cancellationToken)) > 0) filled += read;
        return filled > MaxBytes ? null : buffer[..filled];
    }

    private static JsonOrYamlRead<T> Malformed<T>(string subject, string detail)
        where T : class =>
        new(null, TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: $"The {subject} could not be read.", detail: detail), null);

    private static object? Normalize(object? node) => node switch
    {
        IDictionary<object, object?> map => map.ToDictionary(e => e.Key.ToString()!, e => Normalize(e.Value)),
        IList<object?> list => list.Select(Normalize).ToList(),
        _ => node,
    };
}

/// <summary>A definition read from a request: the value, or else the problem to answer; <see cref="Yaml"/> holds the text when it was YAML.</summary>
public sealed record JsonOrYamlRead<T>(T? Value, IResult? Problem, string? Yaml)
    where T : class;
