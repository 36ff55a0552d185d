using System.Buffers.Binary;

namespace MlOps.Modules.Pipeline.Datasets.Images;

/// <summary>Recognises PNG and JPEG by their magic bytes and reads the picture size from the header alone.</summary>
internal sealed record ImageHeader(string Format, string ContentType, int Width, int Height)
{
    private static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static ReadOnlySpan<byte> JpegSignature => [0xFF, 0xD8, 0xFF];

    public static bool HasImageExtension(string fileName) =>
        Path.GetExtension(fileName).ToLowerInvariant() is ".png" or ".jpg" or ".jpeg";

    /// <summary>The header, or null when the bytes are neither a PNG nor a JPEG whose size can be read.</summary>
    public static ImageHeader? Read(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith(PngSignature)) return ReadPng(bytes);
        if (bytes.StartsWith(JpegSignature)) return ReadJpeg(bytes);
        return null;
    }

    private static ImageHeader? ReadPng(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 24 || !bytes.Slice(12, 4).SequenceEqual("IHDR"u8)) return null;
        var width = BinaryPrimitives.ReadUInt32BigEndian(bytes.Slice(16, 4));
        var height = BinaryPrimitives.ReadUInt32BigEndian(bytes.Slice(20, 4));
        return width is 0 or > int.MaxValue || height is 0 or > int.MaxValue ? null : new ImageHeader("PNG", "image/png", (int)width, (int)height);
    }

    private static ImageHeader? ReadJpeg(ReadOnlySpan<byte> bytes)
    {
        var position = 2;
        while (position + 4 <= bytes.Length)
        {
            if (bytes[position] != 0xFF) return null;
            var marker = bytes[position + 1];
            if (marker == 0xFF)
            {
                position++;
                continue;
            }

            if (marker is 0x01 or >= 0xD0 and <= 0xD7)
            {
                position += 2;
                continue;
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(bytes.Slice(position + 2, 2));
            if (length < 2) return null;
            // SOF0..SOF15 carry the frame size; C4 (Huffman tables), C8 (reserved) and CC (arithmetic coding) share the range but do not.
            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
            {
                if (position + 9 > bytes.Length) return null;
                var height = BinaryPrimitives.ReadUInt16BigEndian(bytes.Slice(position + 5, 2));
                var width = BinaryPrimitives.ReadUInt16BigEndian(bytes.Slice(position + 7, 2));
                return width == 0 || height == 0 ? null : new ImageHeader("JPEG", "image/jpeg", width, height);
            }

            if (marker == 0xDA) return null;
            position += 2 + length;
        }

        return null;
    }
}
