using System.Net;
using System.Text;
using MlOps.Tests.Support;

namespace MlOps.Tests.Pipeline;

/// <summary>The real app with small dataset limits, so limit breaches are cheap to provoke.</summary>
public sealed class SmallDatasetLimitsFactory : MlOpsFactory
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Pipeline:Datasets:MaxUploadBytes"] = "50000",
        ["Pipeline:Datasets:MaxArchiveEntries"] = "20",
        ["Pipeline:Datasets:MaxUncompressedBytes"] = "100000",
        ["Pipeline:Datasets:MaxImagePixels"] = "10000",
    };
}

public sealed class DatasetRejectionTests(SmallDatasetLimitsFactory factory) : IClassFixture<SmallDatasetLimitsFactory>
{
    private readonly HttpClient _admin = factory.CreateAdminClient();

    public static TheoryData<string, string> EscapingEntries => new()
    {
        { "../evil.png", "escapes its folder" },
        { "cats/../../evil.png", "escapes its folder" },
        { "/etc/evil.png", "absolute" },
        { "cats/kittens/evil.png", "nested deeper than class/image" },
        { "evil.png", "not inside a class folder" },
    };

    [Fact]
    public async Task Empty_file_is_rejected()
    {
        await AssertRejectedAsync("empty.csv", [], "The file is empty.");
    }

    [Fact]
    public async Task Ragged_row_is_rejected_naming_its_line()
    {
        await AssertRejectedAsync("ragged.csv", Encoding.UTF8.GetBytes("a,b,c\n1,2,3\n4,5,6\n7,8\n9,10,11\n"), "Line 4 has 2 fields but the header names 3 columns");
    }

    [Fact]
    public async Task Ragged_row_after_a_quoted_multiline_field_is_named_by_its_own_line()
    {
        await AssertRejectedAsync("quoted.csv", Encoding.UTF8.GetBytes("name,note\nx,\"two\nlines, and a \"\"quote\"\"\"\ny,ok,extra\n"), "Line 4 has 3 fields");
    }

    [Fact]
    public async Task File_without_a_header_row_is_rejected()
    {
        await AssertRejectedAsync("numbers.csv", Encoding.UTF8.GetBytes("1,2,3\n4,5,6\n"), "no header row");
    }

    [Fact]
    public async Task Header_without_rows_is_rejected()
    {
        await AssertRejectedAsync("header.csv", Encoding.UTF8.GetBytes("a,b\n"), "no data rows");
    }

    [Fact]
    public async Task Single_column_is_rejected()
    {
        await AssertRejectedAsync("single.csv", Encoding.UTF8.GetBytes("value\n1\n2\n"), "single column");
    }

    [Fact]
    public async Task Binary_file_is_rejected()
    {
        await AssertRejectedAsync("data.csv", [0x00, 0x01, 0x02, 0x03, 0x00], "binary, not text");
    }

    [Fact]
    public async Task Upload_over_the_size_limit_is_rejected()
    {
        var big = Encoding.UTF8.GetBytes("a,b\n" + string.Concat(Enumerable.Repeat("123456,7890\n", 5000)));

        await AssertRejectedAsync("big.csv", big, "larger than the upload limit of 50,000 bytes");
    }

    [Theory]
    [InlineData("Iris")]
    [InlineData("-iris")]
    [InlineData("iris data")]
    [InlineData("../iris")]
    public async Task Invalid_dataset_name_is_rejected_with_the_naming_rule(string name)
    {
        var response = await DatasetApi.UploadAsync(_admin, name, "iris.csv", Encoding.UTF8.GetBytes("a,b\n1,2\n"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await DatasetApi.ReadProblemAsync(response);
        Assert.Contains("lowercase letters, digits", problem.Detail);
        AssertNothingStored();
    }

    [Fact]
    public async Task Zip_without_class_folders_is_rejected()
    {
        await AssertRejectedAsync("empty.zip", DatasetApi.Zip(), "no class folders");
    }

    [Theory]
    [MemberData(nameof(EscapingEntries))]
    public async Task Entries_escaping_their_class_folder_are_rejected(string entry, string reason)
    {
        await AssertRejectedAsync("images.zip", DatasetApi.Zip((entry, DatasetApi.PngHeader(10, 10))), reason);
    }

    [Fact]
    public async Task Non_image_bytes_with_an_image_name_are_rejected()
    {
        await AssertRejectedAsync("images.zip", DatasetApi.Zip(("cats/1.png", Encoding.UTF8.GetBytes("not a picture at all"))), "'cats/1.png' is named like an image but is not a PNG or JPEG");
    }

    [Fact]
    public async Task Non_image_files_are_rejected()
    {
        await AssertRejectedAsync("images.zip", DatasetApi.Zip(("cats/notes.txt", "hello"u8.ToArray())), "'cats/notes.txt' is not a PNG or JPEG image");
    }

    [Fact]
    public async Task Png_over_the_pixel_limit_is_rejected_from_its_header()
    {
        await AssertRejectedAsync("images.zip", DatasetApi.Zip(("cats/big.png", DatasetApi.PngHeader(101, 100))), "is 101×100 pixels; the limit is 10,000 pixels");
    }

    [Fact]
    public async Task Jpeg_over_the_pixel_limit_is_rejected_from_its_frame_header()
    {
        await AssertRejectedAsync("images.zip", DatasetApi.Zip(("cats/big.jpg", DatasetApi.JpegHeader(300, 200))), "is 300×200 pixels");
    }

    [Fact]
    public async Task Archive_over_the_entry_limit_is_rejected()
    {
        var entries = Enumerable.Range(0, 21).Select(i => ($"cats/{i}.png", DatasetApi.PngHeader(10, 10))).ToArray();

        await AssertRejectedAsync("images.zip", DatasetApi.Zip(entries), "holds 21 entries; the limit is 20");
    }

    [Fact]
    public async Task Zip_bomb_is_stopped_while_inflating()
    {
        byte[] bomb = [.. DatasetApi.PngHeader(10, 10), .. new byte[2_000_000]];
        var archive = DatasetApi.Zip(("cats/bomb.png", bomb));
        Assert.True(archive.Length < 50_000);

        await AssertRejectedAsync("images.zip", archive, "expands to more than 100,000 bytes");
    }

    [Fact]
    public async Task Corrupt_zip_is_rejected()
    {
        await AssertRejectedAsync("images.zip", [.. "PK\u0003\u0004"u8, .. new byte[100]], "not a readable ZIP archive");
    }

    [Fact]
    public async Task A_file_named_zip_that_is_not_a_zip_is_rejected()
    {
        await AssertRejectedAsync("images.zip", Encoding.UTF8.GetBytes("a,b\n1,2\n"), "not a ZIP archive");
    }

    [Fact]
    public async Task Missing_file_field_is_rejected()
    {
        using var form = new MultipartFormDataContent { { new StringContent("nofile"), "name" } };

        var response = await _admin.PostAsync("/api/v1/datasets", form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("form field 'file'", (await DatasetApi.ReadProblemAsync(response)).Detail);
    }

    [Fact]
    public async Task A_json_body_is_refused_as_unsupported()
    {
        var response = await _admin.PostAsync("/api/v1/datasets", new StringContent("{\"name\":\"x\"}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        AssertNothingStored();
    }

    private async Task AssertRejectedAsync(string fileName, byte[] content, string reason)
    {
        var name = $"rejected-{Guid.NewGuid():N}";

        var response = await DatasetApi.UploadAsync(_admin, name, fileName, content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await DatasetApi.ReadProblemAsync(response);
        Assert.Contains(reason, problem.Detail);
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.GetAsync($"/api/v1/datasets/{name}")).StatusCode);
        AssertNothingStored();
    }

    private void AssertNothingStored()
    {
        var artifacts = Path.Combine(factory.DataDirectory, "artifacts");
        Assert.Empty(Directory.Exists(artifacts) ? Directory.EnumerateFiles(artifacts, "*", SearchOption.AllDirectories) : []);
    }
}
