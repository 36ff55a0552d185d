namespace MlOps.Web.Components.Pages.Datasets;

/// <summary>Reports how much of a browser upload has arrived, as whole percentages, while the catalog reads it.</summary>
internal sealed class UploadProgressStream(Stream inner, long length, Action<int> report) : Stream
{
    private long _read;
    private int _reported = -1;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => length;
    public override long Position { get => _read; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Advance(inner.Read(buffer, offset, count));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Advance(await inner.ReadAsync(buffer, cancellationToken));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }

    private int Advance(int read)
    {
        _read += read;
        var percent = length == 0 ? 100 : (int)(_read * 100 / length);
        if (percent != _reported)
        {
            _reported = percent;
            report(percent);
        }

        return read;
    }
}
