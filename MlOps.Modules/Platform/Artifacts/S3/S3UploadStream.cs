using Amazon.S3.Model;

namespace MlOps.Modules.Platform.Artifacts.S3;

/// <summary>
/// A write-only stream into one object: it holds at most one part in memory, sends full parts as a
/// multipart upload, and makes the object appear only in <see cref="CompleteAsync"/>. Content that fits
/// in one part goes up in a single PUT. Until then nothing is visible under the key.
/// </summary>
internal sealed class S3UploadStream(S3Bucket bucket, string key, int partSize, CancellationToken cancellationToken) : Stream
{
    private readonly byte[] _buffer = new byte[partSize];
    private readonly List<PartETag> _parts = [];
    private int _buffered;
    private string? _uploadId;
    private long _length;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => _length;

    public override long Position
    {
        get => _length;
        set => throw new NotSupportedException();
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken token = default)
    {
        while (buffer.Length > 0)
        {
            var taken = Take(buffer.Span);
            buffer = buffer[taken..];
            if (_buffered == _buffer.Length) await SendPartAsync(token);
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken token) =>
        WriteAsync(buffer.AsMemory(offset, count), token).AsTask();

    // Synchronous writers (the batch scorer writes CSV from a worker thread) block that thread while a part goes up.
    public override void Write(ReadOnlySpan<byte> buffer)
    {
        while (buffer.Length > 0)
        {
            var taken = Take(buffer);
            buffer = buffer[taken..];
            if (_buffered == _buffer.Length) SendPartAsync(cancellationToken).GetAwaiter().GetResult();
        }
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken token) => Task.CompletedTask;

    /// <summary>Sends what is left and makes the object appear under its key.</summary>
    public async Task CompleteAsync(CancellationToken token)
    {
        if (_uploadId is null)
        {
            await bucket.PutAsync(key, _buffer.AsMemory(0, _buffered), token);
            return;
        }

        if (_buffered > 0) await SendPartAsync(token);
        await bucket.CompleteUploadAsync(key, _uploadId, _parts, token);
        _uploadId = null;
    }

    /// <summary>Drops the parts sent so far; the server keeps nothing of an upload that was never completed.</summary>
    public async Task AbortAsync()
    {
        if (_uploadId is null) return;
        await bucket.AbortUploadAsync(key, _uploadId, CancellationToken.None);
        _uploadId = null;
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    private int Take(ReadOnlySpan<byte> source)
    {
        var taken = Math.Min(source.Length, _buffer.Length - _buffered);
        source[..taken].CopyTo(_buffer.AsSpan(_buffered));
        _buffered += taken;
        _length += taken;
        return taken;
    }

    private async Task SendPartAsync(CancellationToken token)
    {
        _uploadId ??= await bucket.StartUploadAsync(key, token);
        _parts.Add(await bucket.UploadPartAsync(key, _uploadId, _parts.Count + 1, _buffer.AsMemory(0, _buffered), token));
        _buffered = 0;
    }
}
