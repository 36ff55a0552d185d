using System.Buffers.Binary;
using System.Text.Json;
using SkiaSharp;

namespace MlOps.Modules.Serving.OpenInference;

/// <summary>
/// The pictures of an infer request to an ML.NET image model, as files the predict API would take: a <c>BYTES</c>
/// tensor <c>[n]</c> (or <c>[n, 1]</c>) of base64 strings or, in the binary tensor extension, of raw bytes (each element
/// a 4-byte little-endian length, then the file); or an <c>FP32</c>/<c>UINT8</c> tensor <c>[n, height, width, channels]</c>
/// of pixel values 0 to 255 (1 channel grey, 3 RGB), made into a PNG. Either way the picture is then read by
/// <c>ImageDecoding</c> like any upload.
/// </summary>
internal static class InferencePictures
{
    public static (IReadOnlyList<byte[]>? Pictures, string? Problem) Read(JsonElement input, string name, ReadOnlyMemory<byte> binary, int maxRows)
    {
        var datatype = input.TryGetProperty("datatype", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
        if (InferenceRequestReader.Shape(input) is not { } shape) return (null, $"The input '{name}' needs a 'shape' of non-negative whole numbers.");
        if (shape.Length == 0 || shape[0] < 1 || shape[0] > maxRows) return (null, $"An infer request scores 1 to {maxRows:N0} pictures; '{name}' has shape [{string.Join(", ", shape)}].");
        return datatype switch
        {
            "BYTES" when shape.Length == 1 || (shape.Length == 2 && shape[1] == 1) => Files(input, name, (int)shape[0], binary),
            "BYTES" => (null, $"The input '{name}' takes pictures as BYTES of shape [n] or [n, 1], not [{string.Join(", ", shape)}]."),
            "FP32" or "UINT8" when shape.Length == 4 && shape[3] is 1 or 3 => Pixels(input, name, shape),
            "FP32" or "UINT8" => (null, $"The input '{name}' takes pixels as {datatype} of shape [n, height, width, channels] with 1 or 3 channels, not [{string.Join(", ", shape)}]."),
            _ => (null, $"The input '{name}' takes pictures as BYTES (files, base64 or binary) or as FP32 or UINT8 pixels [n, height, width, channels]; not '{datatype}'."),
        };
    }

    private static (IReadOnlyList<byte[]>?, string?) Files(JsonElement input, string name, int count, ReadOnlyMemory<byte> binary)
    {
        if (BinarySize(input) is { } size)
        {
            if (size > binary.Length) return (null, $"The input '{name}' declares {size:N0} binary bytes; the request has {binary.Length:N0} after its JSON header.");
            var files = new List<byte[]>(count);
            var rest = binary.Span[..(int)size];
            while (rest.Length >= 4 && files.Count < count)
            {
                var length = BinaryPrimitives.ReadUInt32LittleEndian(rest);
                if (length > rest.Length - 4) return (null, $"The binary data of '{name}' ends inside picture {files.Count + 1}.");
                files.Add(rest.Slice(4, (int)length).ToArray());
                rest = rest[(4 + (int)length)..];
            }

            return files.Count == count && rest.IsEmpty
                ? (files, null)
                : (null, $"The binary data of '{name}' holds {files.Count} length-prefixed picture(s) (and {rest.Length:N0} bytes more) where the shape says {count}.");
        }

        if (!input.TryGetProperty("data", out var data)) return (null, $"The input '{name}' has no 'data' (nor 'parameters.binary_data_size').");
        var flat = new List<JsonElement>();
        InferenceRequestReader.Flatten(data, flat);
        if (flat.Count != count) return (null, $"The input '{name}' has {count} picture(s) in its shape but {flat.Count} in 'data'.");
        var pictures = new List<byte[]>(count);
        foreach (var element in flat)
        {
            if (element.ValueKind != JsonValueKind.String || !element.TryGetBytesFromBase64(out var bytes))
                return (null, $"Picture {pictures.Count + 1} of '{name}' is not a base64 string (send each file base64-encoded, or as binary data).");
            pictures.Add(bytes);
        }

        return (pictures, null);
    }

    private static long? BinarySize(JsonElement input) =>
        input.TryGetProperty("parameters", out var parameters) && parameters.ValueKind == JsonValueKind.Object
        && parameters.TryGetProperty("binary_data_size", out var size) && size.TryGetInt64(out var bytes) && bytes >= 0
            ? bytes
            : null;

    private static (IReadOnlyList<byte[]>?, string?) Pixels(JsonElement input, string name, long[] shape)
    {
        var (count, height, width, channels) = ((int)shape[0], shape[1], shape[2], (int)shape[3]);
        if (height * width > 4096L * 4096) return (null, $"The input '{name}' is {width}×{height} pixels; send a smaller picture.");
        if (!input.TryGetProperty("data", out var data)) return (null, $"The input '{name}' has no 'data'.");
        var flat = new List<JsonElement>();
        InferenceRequestReader.Flatten(data, flat);
        var size = (int)(height * width * channels);
        if (flat.Count != (long)count * size)
            return (null, $"The input '{name}' has shape [{string.Join(", ", shape)}] ({(long)count * size:N0} values) but {flat.Count:N0} values in 'data'.");
        var pictures = new List<byte[]>(count);
        for (var n = 0; n < count; n++)
        {
            using var bitmap = new SKBitmap(new SKImageInfo((int)width, (int)height, SKColorType.Rgba8888, SKAlphaType.Opaque));
            var pixels = bitmap.GetPixelSpan();
            for (var p = 0; p < height * width; p++)
            {
                for (var c = 0; c < 3; c++)
                {
                    var index = n * size + p * channels + (channels == 1 ? 0 : c);
                    var element = flat[index];
                    if (element.ValueKind != JsonValueKind.Number || !element.TryGetDouble(out var value) || value is < 0 or > 255)
                        return (null, $"The input '{name}' holds {element.GetRawText()} at position {index}; pixels are numbers from 0 to 255.");
                    pixels[p * 4 + c] = (byte)Math.Round(value);
                }

                pixels[p * 4 + 3] = 255;
            }

            using var png = bitmap.Encode(SKEncodedImageFormat.Png, 100);
            pictures.Add(png.ToArray());
        }

        return (pictures, null);
    }
}
