using System.Text;

namespace MlOps.Modules.Serving.Batch.Scoring;

/// <summary>
/// A run of consecutive CSV rows on its way through a job: copied out of the file by the reader, scored by one
/// worker into <see cref="Output"/>, then written in its turn. Chunks are reused, so a job's memory is a handful of them.
/// </summary>
internal sealed class RowChunk
{
    public const int Rows = 2048;

    private readonly ManualResetEventSlim _scored = new();
    private char[] _text = new char[Rows * 64];

    public char[] Text => _text;

    public int Length { get; private set; }

    public int Count { get; private set; }

    /// <summary>The rows of the file before this chunk's first.</summary>
    public long RowsBefore { get; private set; }

    /// <summary>The share of the source read once this chunk was copied out.</summary>
    public double Read { get; set; }

    public MemoryStream Output { get; } = new();

    public Exception? Error { get; private set; }

    public bool IsFull => Count == Rows;

    public void Start(long rowsBefore)
    {
        (Length, Count, RowsBefore, Error) = (0, 0, rowsBefore, null);
        Output.SetLength(0);
        _scored.Reset();
    }

    /// <summary>Copies a record as written (UTF-8, without its line break) and ends it with one.</summary>
    public void Add(ReadOnlySpan<byte> record)
    {
        var room = Encoding.UTF8.GetMaxCharCount(record.Length) + 1;
        if (_text.Length - Length < room) Array.Resize(ref _text, Math.Max(_text.Length * 2, Length + room));
        Length += Encoding.UTF8.GetChars(record, _text.AsSpan(Length));
        _text[Length++] = '\n';
        Count++;
    }

    public void Scored(Exception? error = null)
    {
        Error = error;
        _scored.Set();
    }

    public void WaitScored(CancellationToken cancellationToken) => _scored.Wait(cancellationToken);
}
