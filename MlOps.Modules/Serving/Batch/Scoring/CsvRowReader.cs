using System.Buffers;
using System.Runtime.CompilerServices;

namespace MlOps.Modules.Serving.Batch.Scoring;

/// <summary>
/// Splits the rows of a batch chunk in place: records the shared CSV reader (<c>CsvSource</c>) has already read and
/// checked, copied into memory. A row and its fields are slices of the chunk, valid until the next <see cref="Read"/>,
/// so splitting a row allocates nothing on the scoring threads.
/// </summary>
internal sealed class CsvRowReader
{
    private static readonly SearchValues<char> Delimiters = SearchValues.Create(",\"\n");

    private char[] _buffer = [];
    private char[] _unquoted = new char[256];
    private int _filled;
    private int _next;
    private int _rowStart;
    private int _rowLength;
    private int _unquotedUsed;
    private Field[] _fields = new Field[16];

    public int FieldCount { get; private set; }

    /// <summary>Reads the rows of <paramref name="text"/> next, in place.</summary>
    public void Reset(char[] text, int length) => (_buffer, _filled, _next) = (text, length, 0);

    /// <summary>The current row as written, without its line break.</summary>
    public ReadOnlySpan<char> Line => _buffer.AsSpan(_rowStart, _rowLength);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool Read() => TrySplitRow();

    /// <summary>A field's value, quotes removed; empty past the end of a short row.</summary>
    public ReadOnlyMemory<char> this[int index]
    {
        get
        {
            if (index >= FieldCount) return ReadOnlyMemory<char>.Empty;
            var field = _fields[index];
            return field.Quoted ? Unquote(field) : _buffer.AsMemory(field.Start, field.End - field.Start);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool TrySplitRow()
    {
        var at = _next;
        while (at < _filled && _buffer[at] is '\n' or '\r') at++;
        _next = at;
        var start = at;
        var fieldStart = at;
        var quoted = false;
        var fieldQuoted = false;
        FieldCount = 0;
        _unquotedUsed = 0;
        while (at < _filled)
        {
            var rest = _buffer.AsSpan(at, _filled - at);
            var found = quoted ? rest.IndexOf('"') : rest.IndexOfAny(Delimiters);
            if (found < 0) break;
            at += found;
            switch (_buffer[at])
            {
                case '"':
                    quoted = !quoted;
                    fieldQuoted = true;
                    break;
                case ',':
                    AddField(fieldStart, at, fieldQuoted);
                    fieldStart = at + 1;
                    fieldQuoted = false;
                    break;
                default:
                    EndRow(start, fieldStart, at, fieldQuoted);
                    _next = at + 1;
                    return true;
            }

            at++;
        }

        if (start >= _filled) return false;
        EndRow(start, fieldStart, _filled, fieldQuoted);
        _next = _filled;
        return true;
    }

    private void EndRow(int start, int fieldStart, int end, bool fieldQuoted)
    {
        if (end > start && _buffer[end - 1] == '\r') end--;
        AddField(fieldStart, Math.Max(fieldStart, end), fieldQuoted);
        _rowStart = start;
        _rowLength = end - start;
    }

    private void AddField(int start, int end, bool quoted)
    {
        if (FieldCount == _fields.Length) Array.Resize(ref _fields, _fields.Length * 2);
        _fields[FieldCount++] = new Field(start, end, quoted);
    }

    /// <summary>Drops the quotes of a quoted field and turns doubled quotes inside it into one.</summary>
    private ReadOnlyMemory<char> Unquote(Field field)
    {
        var raw = _buffer.AsSpan(field.Start, field.End - field.Start);
        if (_unquoted.Length - _unquotedUsed < raw.Length) Array.Resize(ref _unquoted, Math.Max(_unquoted.Length * 2, _unquotedUsed + raw.Length));
        var start = _unquotedUsed;
        var quoted = false;
        for (var i = 0; i < raw.Length; i++)
        {
            var c = raw[i];
            if (c != '"') _unquoted[_unquotedUsed++] = c;
            else if (quoted && i + 1 < raw.Length && raw[i + 1] == '"') _unquoted[_unquotedUsed++] = raw[++i];
            else quoted = !quoted;
        }

        return _unquoted.AsMemory(start, _unquotedUsed - start);
    }

    private readonly record struct Field(int Start, int End, bool Quoted);
}
