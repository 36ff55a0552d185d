using System.Text.Json;
using MlOps.Modules.Serving.Predict;

namespace MlOps.Modules.Serving.OpenInference;

/// <summary>
/// An infer request checked against the version's tensors: tabular records, image tensors (an ONNX image model's own
/// input), or picture files (for an ML.NET image model), and the outputs asked for.
/// </summary>
internal sealed record InferenceCall(string? Id, int Rows, IRecordSet? Records, IReadOnlyList<float[]>? Images, IReadOnlyList<string>? Outputs,
    IReadOnlyList<byte[]>? Pictures = null);

/// <summary>
/// Reads <c>{id?, inputs:[{name, shape, datatype, data}], outputs?:[{name}]}</c>. Data may be flat (row-major) or
/// nested; its length must match the shape; numbers go where the tensor holds numbers and strings where it holds BYTES.
/// </summary>
internal static class InferenceRequestReader
{
    /// <summary>Values a request's declared shape may reserve room for up front; a false shape is refused after reading.</summary>
    private const int MaxPresized = 4096;

    private static readonly HashSet<string> Numeric = new(StringComparer.Ordinal) { "FP32", "FP64", "INT32", "INT64", "BOOL" };

    /// <param name="binary">The bytes after the JSON header of a request in the binary tensor extension, else empty.</param>
    public static (InferenceCall? Call, string? Problem) Read(JsonElement body, ReadOnlyMemory<byte> binary, IReadOnlyList<InferenceInput> inputs, IReadOnlyList<InferenceTensor> outputs, int maxRows)
    {
        if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty("inputs", out var given) || given.ValueKind != JsonValueKind.Array)
            return Fail("The body must be a JSON object with an 'inputs' array.");
        string? id = body.TryGetProperty("id", out var idValue) && idValue.ValueKind == JsonValueKind.String ? idValue.GetString() : null;

        var byName = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var input in given.EnumerateArray())
        {
            if (input.ValueKind != JsonValueKind.Object || !input.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String)
                return Fail("Each input is an object with 'name', 'shape', 'datatype' and 'data'.");
            if (inputs.All(i => i.Tensor.Name != name.GetString()))
                return Fail($"The model has no input '{name.GetString()}'; its inputs are {string.Join(", ", inputs.Select(i => $"'{i.Tensor.Name}'"))}.");
            if (!byName.TryAdd(name.GetString()!, input)) return Fail($"The input '{name.GetString()}' is given twice.");
        }

        if (inputs.FirstOrDefault(i => !byName.ContainsKey(i.Tensor.Name)) is { } missing) return Fail($"The input '{missing.Tensor.Name}' is missing.");

        var rows = -1;
        var columns = new Dictionary<string, RawValue[]>(StringComparer.Ordinal);
        List<float[]>? images = null;
        IReadOnlyList<byte[]>? pictures = null;
        foreach (var input in inputs)
        {
            if (input.IsImage && input.Tensor.Datatype == "BYTES")
            {
                var (read, pictureProblem) = InferencePictures.Read(byName[input.Tensor.Name], input.Tensor.Name, binary, maxRows);
                if (read is null) return Fail(pictureProblem!);
                (pictures, rows) = (read, read.Count);
                continue;
            }

            var (values, shape, problem) = ReadTensor(byName[input.Tensor.Name], input.Tensor);
            if (problem is not null) return Fail(problem);
            if (rows >= 0 && shape[0] != rows) return Fail($"The input '{input.Tensor.Name}' has {shape[0]} rows where the other inputs have {rows}.");
            rows = (int)shape[0];
            if (rows < 1 || rows > maxRows) return Fail($"An infer request scores 1 to {maxRows:N0} rows; '{input.Tensor.Name}' has {rows}.");
            if (input.IsImage)
            {
                if (ShapeProblem(input.Tensor, shape) is { } imageProblem) return Fail(imageProblem);
                var size = values.Length / rows;
                images = Enumerable.Range(0, rows).Select(r => values.Skip(r * size).Take(size).Select(v => (float)v.Number).ToArray()).ToList();
                continue;
            }

            var width = input.Columns.Count;
            if (!(shape.Length == 2 && shape[1] == width) && !(shape.Length == 1 && width == 1))
                return Fail($"The input '{input.Tensor.Name}' takes shape [n, {width}]{(width == 1 ? " or [n]" : "")}, not [{string.Join(", ", shape)}].");
            for (var c = 0; c < width; c++)
            {
                var column = new RawValue[rows];
                for (var r = 0; r < rows; r++) column[r] = values[r * width + c];
                columns[input.Columns[c]] = column;
            }
        }

        var requested = new List<string>();
        if (body.TryGetProperty("outputs", out var wanted) && wanted.ValueKind == JsonValueKind.Array)
        {
            foreach (var output in wanted.EnumerateArray())
            {
                var name = output.ValueKind == JsonValueKind.Object && output.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : null;
                if (name is null || outputs.All(o => o.Name != name))
                    return Fail($"Requested outputs are objects naming one of {string.Join(", ", outputs.Select(o => $"'{o.Name}'"))}.");
                requested.Add(name);
            }
        }

        var records = images is null && pictures is null ? new TensorRecords(rows, columns) : null;
        return (new InferenceCall(id, rows, records, images, requested.Count > 0 ? requested : null, pictures), null);
    }

    private static (RawValue[] Values, long[] Shape, string? Problem) ReadTensor(JsonElement input, InferenceTensor tensor)
    {
        var name = tensor.Name;
        if (!input.TryGetProperty("datatype", out var datatypeValue) || datatypeValue.ValueKind != JsonValueKind.String)
            return ([], [], $"The input '{name}' needs a 'datatype'.");
        var datatype = datatypeValue.GetString()!;
        if (!Numeric.Contains(datatype) && datatype != "BYTES")
            return ([], [], $"The input '{name}' has the datatype '{datatype}'; send FP32, FP64, INT32, INT64, BOOL or BYTES.");
        if (Numeric.Contains(datatype) != (tensor.Datatype != "BYTES"))
            return ([], [], $"The input '{name}' holds {tensor.Datatype}; '{datatype}' does not fit it.");
        if (Shape(input) is not { } shape) return ([], [], $"The input '{name}' needs a 'shape' of non-negative whole numbers.");
        if (shape.Length == 0) return ([], [], $"The input '{name}' needs at least one dimension, the rows.");
        if (!input.TryGetProperty("data", out var data)) return ([], [], $"The input '{name}' has no 'data'.");

        var expected = 1.0;
        foreach (var dimension in shape) expected *= dimension;
        var flat = new List<JsonElement>((int)Math.Min(expected, MaxPresized));
        Flatten(data, flat);
        if (flat.Count != expected) return ([], [], $"The input '{name}' has shape [{string.Join(", ", shape)}] ({expected:N0} values) but {flat.Count:N0} values in 'data'.");
        var values = new RawValue[flat.Count];
        for (var i = 0; i < flat.Count; i++)
        {
            var element = flat[i];
            RawValue? value = (datatype, element.ValueKind) switch
            {
                ("BYTES", JsonValueKind.String) => new RawValue(RawKind.String, 0, element.GetString()),
                ("BOOL", JsonValueKind.True) => new RawValue(RawKind.Number, 1, "1"),
                ("BOOL", JsonValueKind.False) => new RawValue(RawKind.Number, 0, "0"),
                ("FP32" or "FP64", JsonValueKind.Number) => JsonRecords.Read(element),
                ("INT32" or "INT64", JsonValueKind.Number) when element.TryGetInt64(out var whole) => new RawValue(RawKind.Number, whole, element.GetRawText()),
                _ => null,
            };
            if (value is null) return ([], [], $"The input '{name}' ({datatype}) holds {element.GetRawText()} at position {i}, which is not a {Describe(datatype)}.");
            values[i] = value.Value;
        }

        return (values, shape, null);
    }

    /// <summary>The input's shape, or null when it is not an array of non-negative whole numbers.</summary>
    internal static long[]? Shape(JsonElement input)
    {
        if (!input.TryGetProperty("shape", out var value) || value.ValueKind != JsonValueKind.Array) return null;
        var shape = new long[value.GetArrayLength()];
        var d = 0;
        foreach (var dimension in value.EnumerateArray())
        {
            if (dimension.ValueKind != JsonValueKind.Number || !dimension.TryGetInt64(out var size) || size < 0) return null;
            shape[d++] = size;
        }

        return shape;
    }

    private static string? ShapeProblem(InferenceTensor tensor, long[] shape)
    {
        if (shape.Length != tensor.Shape.Count) return $"The input '{tensor.Name}' takes {tensor.Shape.Count} dimensions, not {shape.Length}.";
        for (var d = 1; d < shape.Length; d++)
        {
            if (tensor.Shape[d] > 0 && tensor.Shape[d] != shape[d])
                return $"The input '{tensor.Name}' takes shape [{string.Join(", ", tensor.Shape)}], not [{string.Join(", ", shape)}].";
        }

        return null;
    }

    internal static void Flatten(JsonElement data, List<JsonElement> into)
    {
        if (data.ValueKind != JsonValueKind.Array)
        {
            into.Add(data);
            return;
        }

        foreach (var item in data.EnumerateArray()) Flatten(item, into);
    }

    private static string Describe(string datatype) => datatype switch
    {
        "BYTES" => "string",
        "BOOL" => "boolean",
        "INT32" or "INT64" => "whole number",
        _ => "number",
    };

    private static (InferenceCall?, string?) Fail(string problem) => (null, problem);

    private sealed class TensorRecords(int rows, Dictionary<string, RawValue[]> columns) : IRecordSet
    {
        public int Count => rows;

        public RawValue Get(int row, string column) => columns.TryGetValue(column, out var values) ? values[row] : RawValue.Missing;
    }
}
