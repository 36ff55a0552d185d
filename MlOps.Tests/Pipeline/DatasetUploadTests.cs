using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using MlOps.Modules.Pipeline.Contracts;
using MlOps.Modules.Platform.Contracts;
using MlOps.Tests.Support;

namespace MlOps.Tests.Pipeline;

public sealed class DatasetUploadTests(MlOpsFactory factory) : IClassFixture<MlOpsFactory>
{
    private readonly HttpClient _admin = factory.CreateAdminClient();

    [Fact]
    public async Task Iris_upload_creates_version_1_with_numeric_measurements_and_a_categorical_species()
    {
        var bytes = DatasetApi.TestFile("iris.csv");

        var response = await DatasetApi.UploadAsync(_admin, "iris", "iris.csv", bytes, "Fisher's irises");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("/api/v1/datasets/iris/versions/1", response.Headers.Location?.OriginalString);
        var version = await DatasetApi.ReadAsync<DatasetVersionInfo>(response);
        Assert.Equal(("iris", 1, DatasetKind.Tabular, 150), (version.Name, version.Version, version.Kind, version.RowCount));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), version.ContentHash);
        Assert.Equal(
            [("sepal_length", ColumnType.Numeric), ("sepal_width", ColumnType.Numeric), ("petal_length", ColumnType.Numeric), ("petal_width", ColumnType.Numeric), ("species", ColumnType.Categorical)],
            version.Columns.Select(c => (c.Name, c.Type)));
        Assert.Equal(3, version.Columns.Single(c => c.Name == "species").Distinct);
        Assert.All(version.Columns, c => Assert.Equal(0, c.Missing));
        Assert.Null(version.Classes);
    }

    [Fact]
    public async Task Penguins_keep_column_names_with_spaces_and_count_missing_values()
    {
        var response = await DatasetApi.UploadAsync(_admin, "penguins", "penguins.csv", DatasetApi.TestFile("penguins.csv"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var version = await DatasetApi.ReadAsync<DatasetVersionInfo>(response);
        Assert.Equal(344, version.RowCount);
        var columns = version.Columns.ToDictionary(c => c.Name);
        Assert.Equal(new DatasetColumn("Beak Length (mm)", ColumnType.Numeric, 2, 164), columns["Beak Length (mm)"]);
        Assert.Equal(new DatasetColumn("Body Mass (g)", ColumnType.Numeric, 2, 94), columns["Body Mass (g)"]);
        Assert.Equal(new DatasetColumn("Species", ColumnType.Categorical, 0, 3), columns["Species"]);
        Assert.Equal(new DatasetColumn("Sex", ColumnType.Categorical, 10, 3), columns["Sex"]);
    }

    [Fact]
    public async Task Cars_have_a_date_column_a_text_column_and_missing_targets()
    {
        var response = await DatasetApi.UploadAsync(_admin, "cars", "cars.csv", DatasetApi.TestFile("cars.csv"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var version = await DatasetApi.ReadAsync<DatasetVersionInfo>(response);
        Assert.Equal(406, version.RowCount);
        var columns = version.Columns.ToDictionary(c => c.Name);
        Assert.Equal(ColumnType.Date, columns["Year"].Type);
        Assert.Equal(ColumnType.Text, columns["Name"].Type);
        Assert.Equal(ColumnType.Categorical, columns["Origin"].Type);
        Assert.Equal(new DatasetColumn("Miles_per_Gallon", ColumnType.Numeric, 8, 129), columns["Miles_per_Gallon"]);
        Assert.Equal(6, columns["Horsepower"].Missing);
    }

    [Fact]
    public async Task Image_zip_becomes_an_image_dataset_with_class_counts()
    {
        var response = await DatasetApi.UploadAsync(_admin, "digits", "mnist-50.zip", DatasetApi.TestFile("mnist-50.zip"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var version = await DatasetApi.ReadAsync<DatasetVersionInfo>(response);
        Assert.Equal((DatasetKind.Image, 50), (version.Kind, version.RowCount));
        Assert.Equal([("Image", ColumnType.Image), ("Label", ColumnType.Categorical)], version.Columns.Select(c => (c.Name, c.Type)));
        Assert.Equal(Enumerable.Range(0, 10).ToDictionary(d => d.ToString(), _ => 5), version.Classes);

        var statistics = await _admin.GetFromJsonAsync<ReferenceStatistics>("/api/v1/datasets/digits/versions/1/statistics", DatasetApi.Json);
        var images = statistics!.Images!;
        Assert.Equal(new Dictionary<string, int> { ["28x28"] = 50 }, images.Sizes);
        Assert.InRange(images.MeanIntensity, 0.05, 0.5);
        Assert.Equal(50, images.IntensityHistogram.Counts.Sum());
    }

    [Fact]
    public async Task Same_bytes_again_answer_200_with_the_existing_version_and_new_bytes_make_version_2()
    {
        var first = await DatasetApi.UploadAsync(_admin, "iris-again", "iris.csv", DatasetApi.TestFile("iris.csv"));
        var again = await DatasetApi.UploadAsync(_admin, "iris-again", "renamed.csv", DatasetApi.TestFile("iris.csv"));
        var changed = await DatasetApi.UploadAsync(_admin, "iris-again", "iris.csv", [.. DatasetApi.TestFile("iris.csv"), .. "5.0,3.0,1.5,0.2,setosa\n"u8]);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var original = await DatasetApi.ReadAsync<DatasetVersionInfo>(first);
        var repeated = await DatasetApi.ReadAsync<DatasetVersionInfo>(again);
        Assert.Equal((1, original.ContentHash, "iris.csv"), (repeated.Version, repeated.ContentHash, repeated.FileName));
        Assert.Equal(HttpStatusCode.Created, changed.StatusCode);
        var second = await DatasetApi.ReadAsync<DatasetVersionInfo>(changed);
        Assert.Equal((2, 151), (second.Version, second.RowCount));
        var details = await _admin.GetFromJsonAsync<DatasetDetails>("/api/v1/datasets/iris-again", DatasetApi.Json);
        Assert.Equal([2, 1], details!.Versions.Select(v => v.Version));
    }

    [Fact]
    public async Task An_analyst_cannot_upload_but_can_read()
    {
        using var analyst = await factory.CreateClientWithRoleAsync(Roles.Analyst);

        var upload = await DatasetApi.UploadAsync(analyst, "analyst-upload", "iris.csv", DatasetApi.TestFile("iris.csv"));
        var list = await analyst.GetAsync("/api/v1/datasets");

        Assert.Equal(HttpStatusCode.Forbidden, upload.StatusCode);
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.GetAsync("/api/v1/datasets/analyst-upload")).StatusCode);
    }

    [Fact]
    public async Task A_data_scientist_can_upload()
    {
        using var scientist = await factory.CreateClientWithRoleAsync(Roles.DataScientist);

        var upload = await DatasetApi.UploadAsync(scientist, "scientist-iris", "iris.csv", DatasetApi.TestFile("iris.csv"));

        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
    }

    [Fact]
    public async Task Datasets_without_credentials_are_401()
    {
        var response = await factory.CreateClient().GetAsync("/api/v1/datasets");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Preview_returns_the_requested_number_of_first_rows_with_missing_values_as_null()
    {
        await DatasetApi.UploadAsync(_admin, "penguins-preview", "penguins.csv", DatasetApi.TestFile("penguins.csv"));

        var preview = await _admin.GetFromJsonAsync<DatasetPreview>("/api/v1/datasets/penguins-preview/versions/1/preview?rows=5", DatasetApi.Json);
        var tooMany = await _admin.GetAsync("/api/v1/datasets/penguins-preview/versions/1/preview?rows=1000");

        Assert.Equal(["Species", "Island", "Beak Length (mm)", "Beak Depth (mm)", "Flipper Length (mm)", "Body Mass (g)", "Sex"], preview!.Columns);
        Assert.Equal(5, preview.Rows.Count);
        Assert.Equal("39.1", preview.Rows[0]["Beak Length (mm)"]);
        Assert.Null(preview.Rows[3]["Beak Length (mm)"]);
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
    }

    [Fact]
    public async Task Statistics_hold_histograms_for_numbers_and_frequencies_for_categories()
    {
        await DatasetApi.UploadAsync(_admin, "iris-stats", "iris.csv", DatasetApi.TestFile("iris.csv"));

        var statistics = await _admin.GetFromJsonAsync<ReferenceStatistics>("/api/v1/datasets/iris-stats/versions/1/statistics", DatasetApi.Json);

        var petal = statistics!.Columns.Single(c => c.Name == "petal_length");
        Assert.Equal((1.0, 6.9), (petal.Min, petal.Max));
        Assert.Equal(150, petal.Histogram!.Counts.Sum());
        Assert.Equal(petal.Histogram.Counts.Count + 1, petal.Histogram.Edges.Count);
        Assert.Equal(new Dictionary<string, int> { ["setosa"] = 50, ["versicolor"] = 50, ["virginica"] = 50 },
            statistics.Columns.Single(c => c.Name == "species").Frequencies);
    }

    [Fact]
    public async Task Image_thumbnails_are_served_only_to_signed_in_callers()
    {
        await DatasetApi.UploadAsync(_admin, "digits-thumbs", "mnist-50.zip", DatasetApi.TestFile("mnist-50.zip"));
        var samples = (await _admin.GetFromJsonAsync<DatasetPreview>("/api/v1/datasets/digits-thumbs/versions/1/preview?rows=1", DatasetApi.Json))!;
        var entry = samples.Rows[0]["Image"]!;

        var image = await _admin.GetAsync($"/api/v1/datasets/digits-thumbs/versions/1/images/{entry}");
        var anonymous = await factory.CreateClient().GetAsync($"/api/v1/datasets/digits-thumbs/versions/1/images/{entry}");

        Assert.Equal(HttpStatusCode.OK, image.StatusCode);
        Assert.Equal("image/png", image.Content.Headers.ContentType?.MediaType);
        Assert.True(image.Headers.CacheControl?.Private);
        Assert.Equal(DatasetApi.MnistImage(entry), await image.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task Uploads_are_audited_with_the_uploader()
    {
        await DatasetApi.UploadAsync(_admin, "audited", "iris.csv", DatasetApi.TestFile("iris.csv"));

        var audit = await _admin.GetFromJsonAsync<Paged<AuditEntry>>("/api/v1/audit?entityType=dataset&entityId=audited/1", DatasetApi.Json);

        var entry = Assert.Single(audit!.Items);
        Assert.Equal(("dataset.version.created", MlOpsFactory.BootstrapActor), (entry.Action, entry.Actor));
    }

    [Fact]
    public async Task The_stored_file_downloads_byte_for_byte()
    {
        var bytes = Encoding.UTF8.GetBytes("a,b\n1,x\n2,y\n3,x\n");
        await DatasetApi.UploadAsync(_admin, "tiny", "tiny.csv", bytes);

        var download = await _admin.GetByteArrayAsync("/api/v1/datasets/tiny/versions/1/file");

        Assert.Equal(bytes, download);
    }

    [Fact]
    public async Task Quoted_fields_booleans_and_free_text_are_inferred()
    {
        var csv = "id,active,comment,score\n"
            + "1,true,\"first, with a comma\",0.5\n"
            + "2,FALSE,\"says \"\"hi\"\"\",\n"
            + "3,true,\"spans\ntwo lines\",1.5\n"
            + "4,,plain,2\n";

        var response = await DatasetApi.UploadAsync(_admin, "quoted", "quoted.csv", Encoding.UTF8.GetBytes(csv));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var version = await DatasetApi.ReadAsync<DatasetVersionInfo>(response);
        Assert.Equal(4, version.RowCount);
        Assert.Equal(
            [new("id", ColumnType.Numeric, 0, 4), new("active", ColumnType.Boolean, 1, 2), new("comment", ColumnType.Text, 0, 4), new("score", ColumnType.Numeric, 1, 3)],
            version.Columns);
        var preview = await _admin.GetFromJsonAsync<DatasetPreview>("/api/v1/datasets/quoted/versions/1/preview", DatasetApi.Json);
        Assert.Equal(["first, with a comma", "says \"hi\"", "spans\ntwo lines", "plain"], preview!.Rows.Select(r => r["comment"]));
    }

    [Fact]
    public async Task Jpeg_images_are_accepted_with_their_size_read_from_the_frame_header()
    {
        var archive = DatasetApi.Zip(("red/1.jpg", DatasetApi.Jpeg(40, 30, SkiaSharp.SKColors.Red)), ("white/1.jpeg", DatasetApi.Jpeg(40, 30, SkiaSharp.SKColors.White)));

        var response = await DatasetApi.UploadAsync(_admin, "jpegs", "jpegs.zip", archive);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var statistics = await _admin.GetFromJsonAsync<ReferenceStatistics>("/api/v1/datasets/jpegs/versions/1/statistics", DatasetApi.Json);
        Assert.Equal(new Dictionary<string, int> { ["40x30"] = 2 }, statistics!.Images!.Sizes);
        Assert.Equal(new Dictionary<string, int> { ["red"] = 1, ["white"] = 1 }, statistics.Images.Classes);
        Assert.InRange(statistics.Images.MeanIntensity, (0.299 + 1) / 2 - 0.02, (0.299 + 1) / 2 + 0.02);
    }

    [Fact]
    public async Task A_tabular_dataset_does_not_take_an_image_archive_as_its_next_version()
    {
        await DatasetApi.UploadAsync(_admin, "kind-switch", "iris.csv", DatasetApi.TestFile("iris.csv"));

        var response = await DatasetApi.UploadAsync(_admin, "kind-switch", "mnist-50.zip", DatasetApi.TestFile("mnist-50.zip"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("holds a table (a CSV); a new version must too", (await DatasetApi.ReadProblemAsync(response)).Detail);
        var details = await _admin.GetFromJsonAsync<DatasetDetails>("/api/v1/datasets/kind-switch", DatasetApi.Json);
        Assert.Single(details!.Versions);
        Assert.Single(Directory.GetDirectories(Path.Combine(factory.DataDirectory, "artifacts", "datasets", "kind-switch")));
    }
}
