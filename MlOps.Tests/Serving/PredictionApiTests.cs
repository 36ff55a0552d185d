using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MlOps.Modules.Platform.Contracts;
using MlOps.Tests.Pipeline;
using MlOps.Tests.Support;

namespace MlOps.Tests.Serving;

public sealed class PredictionApiTests(ServingFixture fixture) : IClassFixture<ServingFixture>
{
    private static readonly object Adelie = new Dictionary<string, object?>
    {
        ["Island"] = "Torgersen", ["Beak Length (mm)"] = 39.1, ["Beak Depth (mm)"] = 18.7, ["Flipper Length (mm)"] = 181, ["Body Mass (g)"] = 3750,
    };

    private static readonly object Gentoo = new Dictionary<string, object?>
    {
        ["Island"] = "Biscoe", ["Beak Length (mm)"] = 47.6, ["Beak Depth (mm)"] = 14.5, ["Flipper Length (mm)"] = 215, ["Body Mass (g)"] = 5400, ["Comment"] = "extra columns are ignored",
    };

    private HttpClient Admin => fixture.Admin;

    [Fact]
    public async Task Json_records_get_a_label_with_class_probabilities_from_production()
    {
        var response = await Admin.PostAsJsonAsync($"/api/v1/models/{ServingFixture.Species}/predict", new { records = new[] { Adelie, Gentoo } });

        var body = await ReadOkAsync(response);
        Assert.Equal(ServingFixture.Species, body.GetProperty("model").GetString());
        Assert.Equal(1, body.GetProperty("version").GetInt32());
        Assert.Equal("production", body.GetProperty("alias").GetString());
        Assert.Equal("v1", body.GetProperty("apiVersion").GetString());
        Assert.Equal(response.Headers.GetValues("X-Request-Id").Single(), body.GetProperty("requestId").GetString());
        var predictions = body.GetProperty("predictions").EnumerateArray().ToList();
        Assert.Equal(["Adelie", "Gentoo"], predictions.Select(p => p.GetProperty("label").GetString()));
        var probabilities = predictions[0].GetProperty("probabilities").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble());
        Assert.Equal(["Adelie", "Chinstrap", "Gentoo"], probabilities.Keys.Order());
        Assert.Equal(1.0, probabilities.Values.Sum(), 3);
        Assert.True(probabilities["Adelie"] > 0.5);
    }

    [Fact]
    public async Task MLflow_dataframe_records_and_dataframe_split_are_accepted()
    {
        var records = await ReadOkAsync(await Admin.PostAsJsonAsync($"/api/v1/models/{ServingFixture.Species}/predict", new { dataframe_records = new[] { Gentoo } }));
        var split = await ReadOkAsync(await Admin.PostAsJsonAsync($"/api/v1/models/{ServingFixture.Species}/predict", new
        {
            dataframe_split = new
            {
                columns = new[] { "Island", "Beak Length (mm)", "Beak Depth (mm)", "Flipper Length (mm)", "Body Mass (g)" },
                data = new object[][] { ["Torgersen", 39.1, 18.7, 181, 3750], ["Biscoe", 47.6, 14.5, 215, 5400] },
            },
        }));

        Assert.Equal("Gentoo", Labels(records).Single());
        Assert.Equal(["Adelie", "Gentoo"], Labels(split));
    }

    [Fact]
    public async Task Regression_answers_a_value_and_binary_answers_one_of_its_two_labels()
    {
        var car = new Dictionary<string, object> { ["Cylinders"] = 4, ["Displacement"] = 97, ["Horsepower"] = 88, ["Weight_in_lbs"] = 2130, ["Acceleration"] = 14.5, ["Year"] = "1970-01-01", ["Origin"] = "Japan" };
        var mileage = await ReadOkAsync(await Admin.PostAsJsonAsync($"/api/v1/models/{ServingFixture.Mileage}/predict", new { records = new[] { car } }));
        var sex = await ReadOkAsync(await Admin.PostAsJsonAsync($"/api/v1/models/{ServingFixture.Sex}/predict", new { records = new[] { Gentoo } }));

        var value = mileage.GetProperty("predictions")[0].GetProperty("value").GetDouble();
        Assert.InRange(value, 15, 45);
        var binary = sex.GetProperty("predictions")[0];
        Assert.Contains(binary.GetProperty("label").GetString(), new[] { "MALE", "FEMALE" });
        Assert.Equal(1.0, binary.GetProperty("probabilities").EnumerateObject().Sum(p => p.Value.GetDouble()), 3);
    }

    [Fact]
    public async Task A_version_or_an_alias_picks_what_answers()
    {
        var set = await Admin.PutAsJsonAsync($"/api/v1/models/{ServingFixture.Species}/aliases/staging", new { version = 1 });
        Assert.True(set.IsSuccessStatusCode, await set.Content.ReadAsStringAsync());

        var byVersion = await ReadOkAsync(await Admin.PostAsJsonAsync($"/api/v1/models/{ServingFixture.Species}/predict?version=1", new { records = new[] { Adelie } }));
        var byAlias = await ReadOkAsync(await Admin.PostAsJsonAsync($"/api/v1/models/{ServingFixture.Species}/predict?alias=staging", new { records = new[] { Adelie } }));
        var unknownVersion = await Admin.PostAsJsonAsync($"/api/v1/models/{ServingFixture.Species}/predict?version=99", new { records = new[] { Adelie } });
        var unknownAlias = await Admin.PostAsJsonAsync($"/api/v1/models/{ServingFixture.Species}/predict?alias=nope", new { records = new[] { Adelie } });
        var unknownModel = await Admin.PostAsJsonAsync("/api/v1/models/no-such-model/predict", new { records = new[] { Adelie } });

        Assert.False(byVersion.TryGetProperty("alias", out _));
        Assert.Equal(1, byVersion.GetProperty("version").GetInt32());
        Assert.Equal("staging", byAlias.GetProperty("alias").GetString());
        Assert.Equal(HttpStatusCode.NotFound, unknownVersion.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownAlias.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownModel.StatusCode);
    }

    [Theory]
    [InlineData("missing", "is missing")]
    [InlineData("wrong-type", "expects a number")]
    [InlineData("unknown-category", "unknown category 'Atlantis'")]
    public async Task An_invalid_record_is_a_400_naming_the_row_and_column(string fault, string message)
    {
        var bad = new Dictionary<string, object?>
        {
            ["Island"] = fault == "unknown-category" ? "Atlantis" : "Dream", ["Beak Length (mm)"] = fault == "wrong-type" ? "long" : 40.0,
            ["Beak Depth (mm)"] = 18.0, ["Flipper Length (mm)"] = 190, ["Body Mass (g)"] = 3800,
        };
        if (fault == "missing") bad.Remove("Beak Depth (mm)");
        var column = fault switch { "missing" => "Beak Depth (mm)", "wrong-type" => "Beak Length (mm)", _ => "Island" };

        var response = await Admin.PostAsJsonAsync($"/api/v1/models/{ServingFixture.Species}/predict", new { records = new[] { Adelie, bad } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var error = problem.GetProperty("errors").GetProperty($"records[1].{column}")[0].GetString()!;
        Assert.Contains("Record 1", error);
        Assert.Contains($"'{column}'", error);
        Assert.Contains(message, error);
    }

    [Fact]
    public async Task A_body_that_is_not_records_is_a_400()
    {
        var notJson = await Admin.PostAsync($"/api/v1/models/{ServingFixture.Species}/predict", new StringContent("{nope", Encoding.UTF8, "application/json"));
        var noRecords = await Admin.PostAsJsonAsync($"/api/v1/models/{ServingFixture.Species}/predict", new { rows = Array.Empty<object>() });
        var empty = await Admin.PostAsJsonAsync($"/api/v1/models/{ServingFixture.Species}/predict", new { records = Array.Empty<object>() });

        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noRecords.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
    }

    [Fact]
    public async Task Csv_in_answers_json_or_csv_as_asked()
    {
        const string csv = "Island,Beak Length (mm),Beak Depth (mm),Flipper Length (mm),Body Mass (g)\nTorgersen,39.1,18.7,181,3750\n\"Biscoe\",47.6,14.5,215,5400\n";
        var json = await ReadOkAsync(await Admin.PostAsync($"/api/v1/models/{ServingFixture.Species}/predict", new StringContent(csv, Encoding.UTF8, "text/csv")));
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/models/{ServingFixture.Species}/predict") { Content = new StringContent(csv, Encoding.UTF8, "text/csv") };
        request.Headers.Accept.Clear();
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
        var answer = await Admin.SendAsync(request);

        Assert.Equal(["Adelie", "Gentoo"], Labels(json));
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("text/csv", answer.Content.Headers.ContentType?.MediaType);
        var lines = (await answer.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("Island,Beak Length (mm),Beak Depth (mm),Flipper Length (mm),Body Mass (g),prediction,probability_Adelie,probability_Chinstrap,probability_Gentoo", lines[0]);
        Assert.StartsWith("Torgersen,39.1,18.7,181,3750,Adelie,", lines[1]);
        Assert.StartsWith("Biscoe,47.6,14.5,215,5400,Gentoo,", lines[2]);
    }

    [Fact]
    public async Task A_csv_without_a_model_column_or_with_a_bad_value_is_a_400()
    {
        var noColumn = await Admin.PostAsync($"/api/v1/models/{ServingFixture.Species}/predict",
            new StringContent("Island,Beak Length (mm)\nDream,40\n", Encoding.UTF8, "text/csv"));
        var badValue = await Admin.PostAsync($"/api/v1/models/{ServingFixture.Species}/predict",
            new StringContent("Island,Beak Length (mm),Beak Depth (mm),Flipper Length (mm),Body Mass (g)\nDream,forty,18,190,3800\n", Encoding.UTF8, "text/csv"));

        Assert.Equal(HttpStatusCode.BadRequest, noColumn.StatusCode);
        Assert.Contains("Beak Depth (mm)", await noColumn.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, badValue.StatusCode);
        Assert.Contains("records[0].Beak Length (mm)", await badValue.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_csv_file_uploaded_as_a_form_is_scored()
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(DatasetApi.TestFile("penguins.csv"));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", "penguins.csv");

        var body = await ReadOkAsync(await Admin.PostAsync($"/api/v1/models/{ServingFixture.Species}/predict", form));

        Assert.True(Labels(body).Count > 300);
        Assert.True(Labels(body).Count(l => l == "Adelie") > 100);
    }

    [Fact]
    public async Task An_uploaded_digit_is_classified_and_a_non_image_is_refused()
    {
        var digit = await ReadOkAsync(await Admin.PostAsync($"/api/v1/models/{ServingFixture.Digits}/predict", ImageForm(DatasetApi.MnistImage(FirstDigitEntry()), "digit.png")));
        var text = await Admin.PostAsync($"/api/v1/models/{ServingFixture.Digits}/predict", ImageForm("not an image"u8.ToArray(), "fake.png"));
        var json = await Admin.PostAsJsonAsync($"/api/v1/models/{ServingFixture.Digits}/predict", new { records = new[] { new { Image = "/etc/passwd" } } });

        var prediction = digit.GetProperty("predictions")[0];
        Assert.Equal(10, prediction.GetProperty("probabilities").EnumerateObject().Count());
        Assert.Matches("^[0-9]$", prediction.GetProperty("label").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, text.StatusCode);
        Assert.Contains("not a PNG or JPEG", await text.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, json.StatusCode);
    }

    [Theory]
    [InlineData("truncated.jpg", "The image is truncated")]
    [InlineData("tiny-1x1.png", "The image is 1×1 pixels; images need at least 8×8")]
    public async Task An_unusable_uploaded_picture_is_refused_with_the_reason(string file, string reason)
    {
        var response = await Admin.PostAsync($"/api/v1/models/{ServingFixture.Digits}/predict", ImageForm(DatasetApi.TestFile(Path.Combine("images", file)), file));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(reason, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_cmyk_jpeg_is_classified()
    {
        var response = await Admin.PostAsync($"/api/v1/models/{ServingFixture.Digits}/predict", ImageForm(DatasetApi.TestFile(Path.Combine("images", "cmyk.jpg")), "cmyk.jpg"));

        Assert.Matches("^[0-9]$", (await ReadOkAsync(response)).GetProperty("predictions")[0].GetProperty("label").GetString());
    }

    [Fact]
    public async Task Compare_answers_each_target_with_its_resolved_version()
    {
        var response = await Admin.PostAsJsonAsync("/api/v1/predict/compare", new
        {
            targets = new object[] { new { model = ServingFixture.Species, version = 1 }, new { model = ServingFixture.Species, alias = "production" }, new { model = ServingFixture.Sex } },
            records = new[] { Gentoo },
        });

        var results = (await ReadOkAsync(response)).GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(3, results.Count);
        Assert.Equal([ServingFixture.Species, ServingFixture.Species, ServingFixture.Sex], results.Select(r => r.GetProperty("model").GetString()));
        Assert.All(results, r => Assert.True(r.GetProperty("version").GetInt32() >= 1));
        Assert.Equal("Gentoo", results[0].GetProperty("predictions")[0].GetProperty("label").GetString());
    }

    [Fact]
    public async Task Serving_models_lists_loaded_versions_and_counts_prediction_events()
    {
        await ReadOkAsync(await Admin.PostAsJsonAsync($"/api/v1/models/{ServingFixture.Species}/predict?version=1", new { records = new[] { Adelie } }));
        // Prediction events reach the counting sink a moment after the answer.
        var status = await Poll.UntilAsync(() => Admin.GetFromJsonAsync<JsonElement>("/api/v1/serving/models"),
            s => s.GetProperty("predictionEvents").GetInt64() >= 1, TimeSpan.FromSeconds(20), s => s.ToString());

        var loaded = status.GetProperty("models").EnumerateArray().First(m => m.GetProperty("model").GetString() == ServingFixture.Species && m.GetProperty("version").GetInt32() == 1);
        Assert.Equal("Ready", loaded.GetProperty("state").GetString());
        Assert.NotEqual(JsonValueKind.Null, loaded.GetProperty("loadedAt").ValueKind);
        Assert.True(status.GetProperty("predictionEvents").GetInt64() >= 1);
    }

    [Fact]
    public async Task An_analyst_may_predict_but_an_anonymous_caller_may_not()
    {
        using var analyst = await fixture.Factory.CreateClientWithRoleAsync(Roles.Analyst);
        using var anonymous = fixture.Factory.CreateClient();

        var allowed = await analyst.PostAsJsonAsync($"/api/v1/models/{ServingFixture.Species}/predict", new { records = new[] { Adelie } });
        var refused = await anonymous.PostAsJsonAsync($"/api/v1/models/{ServingFixture.Species}/predict", new { records = new[] { Adelie } });

        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    internal static MultipartFormDataContent ImageForm(byte[] content, string name)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        form.Add(file, "file", name);
        return form;
    }

    internal static string FirstDigitEntry()
    {
        using var archive = new System.IO.Compression.ZipArchive(new MemoryStream(DatasetApi.TestFile("mnist-50.zip")));
        return archive.Entries.First(e => e.Name.EndsWith(".png", StringComparison.OrdinalIgnoreCase)).FullName;
    }

    private static List<string?> Labels(JsonElement body) =>
        body.GetProperty("predictions").EnumerateArray().Select(p => p.GetProperty("label").GetString()).ToList();

    private static async Task<JsonElement> ReadOkAsync(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
