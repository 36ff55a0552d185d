using System.Buffers.Binary;
using System.IO.Compression;
using System.Net;
using MlOps.Tests.Pipeline;

namespace MlOps.Tests.Hostile;

/// <summary>Image-dataset ZIPs are inflated as a stream: a bomb stops within its first megabytes and leaves nothing behind.</summary>
[Collection(HostileCollection.Name)]
public sealed class ArchiveTests(HostileHost host)
{
    private const long MemoryBound = 150L * 1024 * 1024;

    [Fact]
    public async Task Png_header_over_hundreds_of_megabytes_of_zeros_is_refused_with_flat_memory()
    {
        var bomb = ZipOfOne("cat/bomb.png", Png(16, 16), zeros: 300L * 1024 * 1024);
        HttpResponseMessage response = null!;

        var growth = await HostileHost.PeakMemoryGrowthAsync(async () =>
            response = await DatasetApi.UploadAsync(host.Scientist, "bomb", "bomb.zip", bomb));

        await HostileHost.AssertProblemAsync(response, HttpStatusCode.BadRequest, "Entry 'cat/bomb.png' is larger than");
        Assert.True(growth < MemoryBound, $"Memory grew by {growth / 1048576} MB.");
        await AssertNothingStoredAsync("bomb");
    }

    [Fact]
    public async Task Entry_that_inflates_far_beyond_its_compressed_size_is_refused_as_a_bomb()
    {
        var zip = ZipOfOne("cat/dense.png", Png(16, 16), zeros: 1200 * 1024);

        var response = await DatasetApi.UploadAsync(host.Scientist, "dense", "dense.zip", zip);

        await HostileHost.AssertProblemAsync(response, HttpStatusCode.BadRequest, "it looks like a zip bomb");
        await AssertNothingStoredAsync("dense");
    }

    [Fact]
    public async Task Entry_larger_than_any_image_within_the_pixel_limit_is_refused()
    {
        var noise = new byte[2 * 1024 * 1024];
        new Random(7).NextBytes(noise);
        var zip = DatasetApi.Zip(("cat/big.png", [.. Png(16, 16), .. noise]));

        var response = await DatasetApi.UploadAsync(host.Scientist, "oversized", "oversized.zip", zip);

        await HostileHost.AssertProblemAsync(response, HttpStatusCode.BadRequest, "more than any image within the pixel limit needs");
        await AssertNothingStoredAsync("oversized");
    }

    [Fact]
    public async Task Zeros_named_like_a_png_are_refused_at_the_first_block()
    {
        var zip = ZipOfOne("cat/zeros.png", [], zeros: 100L * 1024 * 1024);
        HttpResponseMessage response = null!;

        var growth = await HostileHost.PeakMemoryGrowthAsync(async () =>
            response = await DatasetApi.UploadAsync(host.Scientist, "zeros", "zeros.zip", zip));

        await HostileHost.AssertProblemAsync(response, HttpStatusCode.BadRequest, "not a PNG or JPEG");
        Assert.True(growth < MemoryBound, $"Memory grew by {growth / 1048576} MB.");
        await AssertNothingStoredAsync("zeros");
    }

    [Fact]
    public async Task Header_claiming_more_pixels_than_the_limit_is_refused_before_the_rest_inflates()
    {
        var zip = DatasetApi.Zip(("cat/huge.png", Png(30_000, 30_000)));

        var response = await DatasetApi.UploadAsync(host.Scientist, "huge", "huge.zip", zip);

        await HostileHost.AssertProblemAsync(response, HttpStatusCode.BadRequest, "30000×30000 pixels");
        await AssertNothingStoredAsync("huge");
    }

    private async Task AssertNothingStoredAsync(string dataset)
    {
        var listed = await host.Admin.GetAsync($"/api/v1/datasets/{dataset}");
        Assert.Equal(HttpStatusCode.NotFound, listed.StatusCode);
        Assert.DoesNotContain(host.StoredFiles(), path => path.Contains(dataset, StringComparison.Ordinal) || path.StartsWith("work" + Path.DirectorySeparatorChar, StringComparison.Ordinal));
    }

    /// <summary>A PNG signature and IHDR chunk claiming <paramref name="width"/>×<paramref name="height"/>.</summary>
    private static byte[] Png(int width, int height)
    {
        var bytes = new byte[33];
        new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R' }.CopyTo(bytes, 0);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(16), width);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(20), height);
        bytes[24] = 8;
        bytes[25] = 6;
        return bytes;
    }

    /// <summary>One entry of <paramref name="head"/> then <paramref name="zeros"/> zero bytes, deflated as it is written.</summary>
    private static byte[] ZipOfOne(string path, byte[] head, long zeros)
    {
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var entry = archive.CreateEntry(path, CompressionLevel.SmallestSize).Open();
            entry.Write(head);
            var block = new byte[1024 * 1024];
            for (long written = 0; written < zeros; written += block.Length) entry.Write(block, 0, (int)Math.Min(block.Length, zeros - written));
        }

        return buffer.ToArray();
    }
}
