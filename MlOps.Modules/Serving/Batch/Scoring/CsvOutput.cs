using System.Runtime.CompilerServices;
using System.Buffers;
using System.Globalization;
using System.Text;
using MlOps.Modules.Platform.Contracts;

namespace MlOps.Modules.Serving.Batch.Scoring;

/// <summary>CSV text gathered in a pooled buffer and written as UTF-8 in large blocks.</summary>
internal sealed class CsvOutput : IDisposable
{
    private const int BlockChars = 64 * 1024;
    private const int MaxFieldChars = 64;

    private readonly Stream _stream;
    private readonly Encoder _encoder = new UTF8Encoding(false).GetEncoder();
    private readonly char[] _chars = ArrayPool<char>.Shared.Rent(BlockChars + MaxFieldChars);
    private readonly byte[] _bytes;
    private int _used;

    public CsvOutput(Stream stream)
    {
        _stream = stream;
        _bytes = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(_chars.Length));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Append(char value)
    {
        _chars[_used++] = value;
        if (_used >= BlockChars) Write(flush: false);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Append(ReadOnlySpan<char> text)
    {
        while (!text.IsEmpty)
        {
            var room = Math.Min(text.Length, BlockChars - _used);
            text[..room].CopyTo(_chars.AsSpan(_used));
            _used += room;
            text = text[room..];
            if (_used >= BlockChars) Write(flush: false);
        }
    }

    /// <summary>A field spelt as <see cref="CsvCell"/> says: quoted when it holds a comma, a quote or a line break, and never a formula.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void AppendField(ReadOnlySpan<char> value)
    {
        if (!CsvCell.NeedsQuotes(value))
        {
            Append(value);
            return;
        }

        Append('"');
        if (CsvCell.IsFormula(value)) Append('\'');
        foreach (var c in value)
        {
            if (c == '"') Append('"');
            Append(c);
        }

        Append('"');
    }

    /// <summary>
    /// A row read from a CSV, as it was written unless one of its cells could start a formula: then cell by cell,
    /// so that such a cell is neutralised and the others keep their values.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void AppendRow(CsvRowReader row)
    {
        if (!CsvCell.MayHoldFormula(row.Line))
        {
            Append(row.Line);
            return;
        }

        for (var i = 0; i < row.FieldCount; i++)
        {
            if (i > 0) Append(',');
            AppendField(row[i].Span);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Append(float value, string? format)
    {
        value.TryFormat(_chars.AsSpan(_used, MaxFieldChars), out var written, format, CultureInfo.InvariantCulture);
        _used += written;
        if (_used >= BlockChars) Write(flush: false);
    }

    /// <summary>Writes out what is gathered, the last partial character included.</summary>
    public void Flush()
    {
        Write(flush: true);
        _stream.Flush();
    }

    public void Dispose()
    {
        ArrayPool<char>.Shared.Return(_chars);
        ArrayPool<byte>.Shared.Return(_bytes);
    }

    private void Write(bool flush)
    {
        var length = _encoder.GetBytes(_chars, 0, _used, _bytes, 0, flush);
        _stream.Write(_bytes, 0, length);
        _used = 0;
    }
}
