using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MlOps.Modules.Registry.Contracts;
using MlOps.Modules.Serving.Contracts;
using MlOps.Tests.Pipeline;
using MlOps.Tests.Serving;

namespace MlOps.Tests.Onnx;

public sealed class OnnxServingTests(OnnxFixture fixture) : IClassFixture<OnnxFixture>
{
    private const double Tolerance = 1e-5;
        private static readonly string[] Species = ["setosa", "versicolor", "virginica"];
    private HttpClient Admin => fixture.Admin;

    [Fact]
    public async Task An_uploaded_model_is_an_onnx_version_with_its_tensors_and_signature()
    {
        var version = (await Admin.GetFromJsonAsync<ModelVersionDetails>($"/api/v1/models/{OnnxFixture.Iris}/versions/1", DatasetApi.Json))!;

        Assert.Equal(ModelFormat.Onnx, version.Format);
        Assert.True(version.OnnxExportAvailable);
        Assert.Equal("MulticlassClassification", version.Task);
        Assert.Equal(OnnxFixture.IrisColumns, version.InputSchema.Select(c => c.Name));
        Assert.Equal(Species, version.Labels!);
        var input = Assert.Single(version.Onnx!.Inputs);
        Assert.Equal(("input", "Float"), (input.Name, input.ElementType));
        Assert.Equal([-1L, 4L], input.Shape);
        Assert.Contains("production", version.Aliases);
    }

    [Fact]
    public async Task Json_predict_gives_the_pytorch_probabilities_for_every_iris_row()
    {
        var expected = OnnxFixture.Expected<List<ExpectedRow>>(OnnxFixture.Iris);

        var response = await Admin.PostAsJsonAsync($"/api/v1/models/{OnnxFixture.Iris}/predict", new { records = expected.Select(e => e.Inputs) });

        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var answer = (await response.Content.ReadFromJsonAsync<PredictionResponse>(DatasetApi.Json))!;
        Assert.Equal((1, "production"), (answer.Version, answer.Alias));
        AssertSame(expected.Select(e => (e.Label, e.Probabilities)), answer.Predictions);
    }

    [Fact]
    public async Task Csv_predict_gives_the_same_answers_as_pytorch()
    {
        var expected = OnnxFixture.Expected<List<ExpectedRow>>(OnnxFixture.Iris);
        var csv = IrisCsv(expected);

        var response = await Admin.PostAsync($"/api/v1/models/{OnnxFixture.Iris}/predict", new StringContent(csv, Encoding.UTF8, "text/csv"));

        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        AssertSame(expected.Select(e => (e.Label, e.Probabilities)), (await response.Content.ReadFromJsonAsync<PredictionResponse>(DatasetApi.Json))!.Predictions);
    }

    [Fact]
    public async Task Each_uploaded_digit_gets_the_class_and_probabilities_pytorch_gave()
    {
        foreach (var digit in OnnxFixture.Expected<List<ExpectedDigit>>(OnnxFixture.Digits))
        {
            var form = new MultipartFormDataContent();
            var image = new ByteArrayContent(OnnxFixture.Fixture(digit.File));
            image.Headers.ContentType = new MediaTypeHeaderValue("image/png");
            form.Add(image, "file", Path.GetFileName(digit.File));

            var response = await Admin.PostAsync($"/api/v1/models/{OnnxFixture.Digits}/predict", form);

            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
            AssertSame([(digit.Label, digit.Probabilities)], (await response.Content.ReadFromJsonAsync<PredictionResponse>(DatasetApi.Json))!.Predictions);
        }
    }

    [Fact]
    public async Task A_batch_job_scores_every_row_as_pytorch_did()
    {
        var expected = OnnxFixture.Expected<List<ExpectedRow>>(OnnxFixture.Iris);

        var job = await BatchApi.WaitAsync(Admin, (await BatchApi.ReadAsync(await BatchApi.UploadAsync(Admin, OnnxFixture.Iris, Encoding.UTF8.GetBytes(IrisCsv(expected))))).Id);

        Assert.True(job.Status == BatchJobStatus.Succeeded, job.Error);
        var lines = (await Admin.GetStringAsync($"/api/v1/batch-jobs/{job.Id}/output")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("sepal_length,sepal_width,petal_length,petal_width,prediction,probability_setosa,probability_versicolor,probability_virginica", lines[0]);
        Assert.Equal(expected.Count + 1, lines.Length);
        for (var i = 0; i < expected.Count; i++)
        {
            var fields = lines[i + 1].Split(',');
            Assert.Equal(expected[i].Label, fields[4]);
            for (var c = 0; c < 3; c++)
                Assert.Equal(expected[i].Probabilities[Species[c]], double.Parse(fields[5 + c], CultureInfo.InvariantCulture), 1e-6);
        }
    }

    [Fact]
    public async Task A_kserve_client_request_is_answered_field_for_field()
    {
        var expected = OnnxFixture.Expected<List<ExpectedRow>>(OnnxFixture.Iris).Take(3).ToList();
        var request = new
        {
            id = "kserve-1",
            inputs = new[] { new { name = "input", shape = new[] { 3, 4 }, datatype = "FP32", data = expected.SelectMany(e => OnnxFixture.IrisColumns.Select(c => e.Inputs[c])).ToArray() } },
            outputs = new[] { new { name = "probabilities" } },
        };

        var response = await Admin.PostAsJsonAsync($"/v2/models/{OnnxFixture.Iris}/infer", request);

        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = answer.RootElement;
        Assert.Equal(OnnxFixture.Iris, root.GetProperty("model_name").GetString());
        Assert.Equal("1", root.GetProperty("model_version").GetString());
        Assert.Equal("kserve-1", root.GetProperty("id").GetString());
        var output = Assert.Single(root.GetProperty("outputs").EnumerateArray());
        Assert.Equal("probabilities", output.GetProperty("name").GetString());
        Assert.Equal("FP32", output.GetProperty("datatype").GetString());
        Assert.Equal([3, 3], output.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()));
        var data = output.GetProperty("data").EnumerateArray().Select(d => d.GetDouble()).ToArray();
        for (var r = 0; r < 3; r++)
            for (var c = 0; c < 3; c++) Assert.Equal(expected[r].Probabilities[Species[c]], data[r * 3 + c], Tolerance);
    }

    [Fact]
    public async Task Infer_takes_a_digit_as_a_nested_fp32_tensor_and_names_its_class()
    {
        var digit = OnnxFixture.Expected<List<ExpectedDigit>>(OnnxFixture.Digits)[7];
        var rows = Enumerable.Range(0, 28).Select(y => digit.Pixels.Skip(y * 28).Take(28).Select(p => p / 255.0).ToArray()).ToArray();
        var request = new { inputs = new[] { new { name = "image", shape = new[] { 1, 1, 28, 28 }, datatype = "FP32", data = new[] { new[] { rows } } } } };

        var response = await Admin.PostAsJsonAsync($"/v2/models/{OnnxFixture.Digits}/versions/1/infer", request);

        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var label = answer.RootElement.GetProperty("outputs").EnumerateArray().First(o => o.GetProperty("name").GetString() == "label");
        Assert.Equal(digit.Label, label.GetProperty("data")[0].GetString());
    }

    [Fact]
    public async Task Metadata_describes_onnx_tensors_and_mlnet_columns()
    {
        using var onnx = JsonDocument.Parse(await Admin.GetStringAsync($"/v2/models/{OnnxFixture.Digits}"));
        using var mlnet = JsonDocument.Parse(await Admin.GetStringAsync($"/v2/models/{OnnxFixture.MlNetIris}/versions/1"));

        Assert.Equal("onnxruntime_onnx", onnx.RootElement.GetProperty("platform").GetString());
        var image = Assert.Single(onnx.RootElement.GetProperty("inputs").EnumerateArray());
        Assert.Equal("image", image.GetProperty("name").GetString());
        Assert.Equal([-1, 1, 28, 28], image.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()));
        Assert.Equal("mlnet", mlnet.RootElement.GetProperty("platform").GetString());
        Assert.Equal(OnnxFixture.IrisColumns, mlnet.RootElement.GetProperty("inputs").EnumerateArray().Select(i => i.GetProperty("name").GetString()));
        Assert.Equal(HttpStatusCode.OK, (await Admin.GetAsync($"/v2/models/{OnnxFixture.Iris}/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Admin.GetAsync("/v2/health/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Admin.GetAsync("/v2/health/live")).StatusCode);
    }

    [Fact]
    public async Task Infer_scores_an_mlnet_model_from_one_tensor_per_column()
    {
        var request = new
        {
            inputs = new[] { ("sepal_length", 5.1), ("sepal_width", 3.5), ("petal_length", 1.4), ("petal_width", 0.2) }
                .Select(c => new { name = c.Item1, shape = new[] { 1 }, datatype = "FP64", data = new[] { c.Item2 } }),
        };

        var response = await Admin.PostAsJsonAsync($"/v2/models/{OnnxFixture.MlNetIris}/infer", request);

        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        Assert.Contains("\"setosa\"", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Infer_without_credentials_is_401()
    {
        using var anonymous = fixture.Factory.CreateClient();

        var response = await anonymous.PostAsJsonAsync($"/v2/models/{OnnxFixture.Iris}/infer", new { inputs = Array.Empty<object>() });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("""{"inputs":[{"name":"input","shape":[1,3],"datatype":"FP32","data":[1,2,3]}]}""", "takes shape [n, 4]")]
    [InlineData("""{"inputs":[{"name":"input","shape":[1,4],"datatype":"FP32","data":[1,2,3]}]}""", "but 3 values")]
    [InlineData("""{"inputs":[{"name":"input","shape":[1,4],"datatype":"BYTES","data":["a","b","c","d"]}]}""", "does not fit")]
    [InlineData("""{"inputs":[{"name":"input","shape":[1,4],"datatype":"FP16","data":[1,2,3,4]}]}""", "FP16")]
    [InlineData("""{"inputs":[{"name":"input","shape":[1,4],"datatype":"FP32","data":[1,"two",3,4]}]}""", "\"two\" at position 1")]
    [InlineData("""{"inputs":[{"name":"input","shape":[1,4],"datatype":"FP32","data":[1e400,2,3,4]}]}""", "expects a finite number")]
    [InlineData("""{"inputs":[{"name":"features","shape":[1,4],"datatype":"FP32","data":[1,2,3,4]}]}""", "no input 'features'")]
    [InlineData("""{"inputs":[{"name":"input","shape":[1,4],"datatype":"FP32","data":[1,2,3,4]}],"outputs":[{"name":"logits"}]}""", "Requested outputs")]
    [InlineData("""not json""", "not valid JSON")]
    public async Task A_malformed_infer_request_is_400_with_the_protocols_error(string body, string message)
    {
        var response = await Admin.PostAsync($"/v2/models/{OnnxFixture.Iris}/infer", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains(message, error.RootElement.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Infer_on_an_unknown_model_is_404_with_the_protocols_error()
    {
        var response = await Admin.PostAsJsonAsync("/v2/models/nothing-here/infer", new { inputs = Array.Empty<object>() });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains("nothing-here", error.RootElement.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Text_where_a_number_goes_is_the_predict_routes_usual_400()
    {
        var response = await Admin.PostAsJsonAsync($"/api/v1/models/{OnnxFixture.Iris}/predict",
            new { records = new[] { new Dictionary<string, object> { ["sepal_length"] = "long", ["sepal_width"] = 3, ["petal_length"] = 1, ["petal_width"] = 0.2 } } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("expects a number", (await DatasetApi.ReadProblemAsync(response)).Detail);
    }

    [Fact]
    public async Task Infer_requests_reach_the_prediction_log()
    {
        var request = new { inputs = new[] { new { name = "input", shape = new[] { 1, 4 }, datatype = "FP32", data = new[] { 6.3, 3.3, 6.0, 2.5 } } } };
        var response = await Admin.PostAsJsonAsync($"/v2/models/{OnnxFixture.Iris}/infer", request);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());

        var logged = await Support.Poll.UntilAsync(
            () => Admin.GetStringAsync($"/api/v1/monitoring/models/{OnnxFixture.Iris}/predictions"),
            page => page.Contains("6.3", StringComparison.Ordinal), TimeSpan.FromSeconds(20), page => page);

        Assert.Contains("virginica", logged);
    }

    private static string IrisCsv(IEnumerable<ExpectedRow> rows) =>
        string.Join(',', OnnxFixture.IrisColumns) + "\n" + string.Join("\n", rows.Select(r => string.Join(',', OnnxFixture.IrisColumns.Select(c => r.Inputs[c].ToString("R", CultureInfo.InvariantCulture))))) + "\n";

    private static void AssertSame(IEnumerable<(string Label, Dictionary<string, double> Probabilities)> expected, IReadOnlyList<Prediction> actual)
    {
        var wanted = expected.ToList();
        Assert.Equal(wanted.Count, actual.Count);
        for (var i = 0; i < wanted.Count; i++)
        {
            Assert.Equal(wanted[i].Label, actual[i].Label);
            foreach (var (label, p) in wanted[i].Probabilities) Assert.Equal(p, actual[i].Probabilities![label], Tolerance);
        }
    }
}
