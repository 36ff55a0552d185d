using System.Net;
using System.Net.Http.Headers;
using MlOps.Modules.Platform.Contracts;
using MlOps.Tests.Support;

namespace MlOps.Tests.Hostile;

/// <summary>
/// An upload cut midway leaves nothing behind: its buffer lives under the data directory's work folder (never the
/// system temp folder), and goes when the request ends. Over real HTTP (Kestrel), where a connection can be cut.
/// </summary>
public sealed class CutUploadTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_cut_upload_is_buffered_under_the_data_directory_and_its_buffer_goes()
    {
        await using var factory = new MlOpsFactory();
        factory.UseKestrel(0);
        factory.StartServer();
        using var keyed = await factory.CreateClientWithRoleAsync(Roles.DataScientist);
        // The factory's own clients buffer a request's whole body before sending it (to replay it on redirects).
        using var scientist = new HttpClient { BaseAddress = keyed.BaseAddress };
        foreach (var (name, values) in keyed.DefaultRequestHeaders) scientist.DefaultRequestHeaders.Add(name, values);
        var uploads = Path.Combine(factory.DataDirectory, "work", "uploads");
        var systemBuffers = FrameworkBuffersInSystemTemp();
        var body = new CutStream(firstBytes: 1024 * 1024);
        using var form = new MultipartFormDataContent { { new StringContent("cut-upload"), "name" } };
        var file = new StreamContent(body);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", "big.csv");

        var sending = scientist.PostAsync("/api/v1/datasets", form);
        await WaitUntilAsync(() => Directory.Exists(uploads) && Directory.EnumerateFiles(uploads).Any());
        Assert.Equal(systemBuffers, FrameworkBuffersInSystemTemp());
        body.Cut();
        await Assert.ThrowsAnyAsync<Exception>(() => sending);

        await WaitUntilAsync(() => !Directory.EnumerateFiles(uploads).Any());
        Assert.Equal(HttpStatusCode.NotFound, (await scientist.GetAsync("/api/v1/datasets/cut-upload")).StatusCode);
    }

    private static string[] FrameworkBuffersInSystemTemp() =>
        [.. Directory.EnumerateFiles(Path.GetTempPath(), "ASPNETCORE_*.tmp").Order(StringComparer.Ordinal)];

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Bound;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Not seen within {Bound.TotalSeconds} s.");
            await Task.Delay(50);
        }
    }

    /// <summary>A CSV body that sends its first bytes, then waits, then fails as a dropped connection does.</summary>
    private sealed class CutStream(int firstBytes) : Stream
    {
        private readonly TaskCompletionSource _cut = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _left = firstBytes;

        public void Cut() => _cut.TrySetResult();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_left == 0)
            {
                await _cut.Task.WaitAsync(cancellationToken);
                throw new IOException("The connection was cut.");
            }

            var count = Math.Min(_left, buffer.Length);
            buffer.Span[..count].Fill((byte)'1');
            _left -= count;
            return count;
        }

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
