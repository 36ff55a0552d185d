namespace MlOps.Modules.Registry.Artifacts;

/// <summary>
/// Reads the few facts of an ONNX file that must be known before ONNX Runtime sees it: its operator set versions and
/// whether any tensor keeps its data in another file (a path ONNX Runtime would open on the server). The protobuf is
/// walked by field number; everything else is skipped.
/// </summary>
internal static class OnnxFileScan
{
    private const int MaxDepth = 64;

    public sealed record Result(IReadOnlyDictionary<string, long> Opsets, string? ExternalTensor);

    /// <exception cref="InvalidDataException">The bytes are not a well-formed protobuf.</exception>
    public static Result Read(ReadOnlySpan<byte> model)
    {
        var opsets = new Dictionary<string, long>(StringComparer.Ordinal);
        string? external = null;
        var reader = new Reader(model);
        while (reader.Next(out var field, out var wire))
        {
            switch (field, wire)
            {
                case (8, 2):
                    ReadOpset(reader.Bytes(), opsets);
                    break;
                case (7, 2):
                    external ??= Graph(reader.Bytes(), 0);
                    break;
                case (25, 2):
                    external ??= Function(reader.Bytes(), 0);
                    break;
                default:
                    reader.Skip(wire);
                    break;
            }
        }

        return new Result(opsets, external);
    }

    private static void ReadOpset(ReadOnlySpan<byte> bytes, Dictionary<string, long> opsets)
    {
        var reader = new Reader(bytes);
        var (domain, version) = ("", 0L);
        while (reader.Next(out var field, out var wire))
        {
            if (field == 1 && wire == 2) domain = System.Text.Encoding.UTF8.GetString(reader.Bytes());
            else if (field == 2 && wire == 0) version = (long)reader.Varint();
            else reader.Skip(wire);
        }

        opsets[domain is "" or "ai.onnx" ? "" : domain] = version;
    }

    private static string? Graph(ReadOnlySpan<byte> bytes, int depth) => Walk(bytes, depth, static (field, content, depth) => field switch
    {
        1 => Node(content, depth),
        5 => Tensor(content),
        15 => Sparse(content),
        _ => null,
    });

    private static string? Function(ReadOnlySpan<byte> bytes, int depth) => Walk(bytes, depth, static (field, content, depth) => field == 7 ? Node(content, depth) : null);

    private static string? Node(ReadOnlySpan<byte> bytes, int depth) => Walk(bytes, depth, static (field, content, depth) => field == 5 ? Attribute(content, depth) : null);

    private static string? Attribute(ReadOnlySpan<byte> bytes, int depth) => Walk(bytes, depth, static (field, content, depth) => field switch
    {
        5 or 10 => Tensor(content),
        6 or 11 => Graph(content, depth),
        22 or 23 => Sparse(content),
        _ => null,
    });

    private static string? Sparse(ReadOnlySpan<byte> bytes) => Walk(bytes, 0, static (field, content, _) => field is 1 or 2 ? Tensor(content) : null);

    /// <summary>The tensor's name when its data lives in another file.</summary>
    private static string? Tensor(ReadOnlySpan<byte> bytes)
    {
        var reader = new Reader(bytes);
        var (name, external) = ("", false);
        while (reader.Next(out var field, out var wire))
        {
            if (field == 8 && wire == 2) name = System.Text.Encoding.UTF8.GetString(reader.Bytes());
            else if (field == 13 && wire == 2) (external, _) = (true, reader.Bytes().Length);
            else if (field == 14 && wire == 0) external |= reader.Varint() == 1;
            else reader.Skip(wire);
        }

        return external ? name : null;
    }

    private delegate string? Visit(int field, ReadOnlySpan<byte> content, int depth);

    private static string? Walk(ReadOnlySpan<byte> bytes, int depth, Visit visit)
    {
        if (depth > MaxDepth) throw new InvalidDataException($"The model nests graphs more than {MaxDepth} deep.");
        var reader = new Reader(bytes);
        while (reader.Next(out var field, out var wire))
        {
            if (wire != 2)
            {
                reader.Skip(wire);
                continue;
            }

            if (visit(field, reader.Bytes(), depth + 1) is { } found) return found;
        }

        return null;
    }

    private ref struct Reader(ReadOnlySpan<byte> bytes)
    {
        private readonly ReadOnlySpan<byte> _bytes = bytes;
        private int _at;

        public bool Next(out int field, out int wire)
        {
            (field, wire) = (0, 0);
            if (_at >= _bytes.Length) return false;
            var key = Varint();
            (field, wire) = ((int)(key >> 3), (int)(key & 7));
            if (field == 0) throw new InvalidDataException("The protobuf holds field number 0.");
            return true;
        }

        public ulong Varint()
        {
            ulong value = 0;
            for (var shift = 0; shift < 64; shift += 7)
            {
                if (_at >= _bytes.Length) throw new InvalidDataException("The protobuf ends inside a number: the file is truncated.");
                var b = _bytes[_at++];
                value |= (ulong)(b & 0x7F) << shift;
                if (b < 0x80) return value;
            }

            throw new InvalidDataException("The protobuf holds a malformed number.");
        }

        public ReadOnlySpan<byte> Bytes()
        {
            var length = Varint();
            if (length > (ulong)(_bytes.Length - _at)) throw new InvalidDataException("The protobuf ends inside a field: the file is truncated.");
            var content = _bytes.Slice(_at, (int)length);
            _at += (int)length;
            return content;
        }

        public void Skip(int wire)
        {
            switch (wire)
            {
                case 0:
                    Varint();
                    break;
                case 1:
                    Advance(8);
                    break;
                case 2:
                    Bytes();
                    break;
                case 5:
                    Advance(4);
                    break;
                default:
                    throw new InvalidDataException($"The protobuf holds wire type {wire}, which ONNX never uses.");
            }
        }

        private void Advance(int count)
        {
            if (_bytes.Length - _at < count) throw new InvalidDataException("The protobuf ends inside a field: the file is truncated.");
            _at += count;
        }
    }
}
