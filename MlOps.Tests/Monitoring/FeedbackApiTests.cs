using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MlOps.Modules.Monitoring.Contracts;
using MlOps.Modules.Platform.Contracts;
using MlOps.Tests.Pipeline;
using static MlOps.Tests.Monitoring.MonitoringApi;

namespace MlOps.Tests.Monitoring;

[Collection(MonitoringCollection.Name)]
public sealed class FeedbackApiTests(MonitoringFixture fixture)
{
    private const string Species = MonitoringFixture.Species;
    private const string Mileage = MonitoringFixture.Mileage;

    private HttpClient Admin => fixture.Admin;

    [Fact]
    public async Task Feedback_on_classifications_gives_accuracy_per_version_and_a_second_answer_replaces_the_first()
    {
        var start = DateTime.UtcNow;
        var penguins = new[] { Adelie, Adelie, Gentoo, Gentoo };
        for (var i = 0; i < penguins.Length; i++) await PredictOkAsync(Admin, Species, $"truth-{i}", "", penguins[i]);
        string[] actual = ["Adelie", "Adelie", "Gentoo", "Chinstrap"];

        var answers = new List<JsonElement>();
        for (var i = 0; i < actual.Length; i++) answers.Add(await SendOkAsync(Species, new { requestId = $"truth-{i}", actual = actual[i] }));

        Assert.Equal([true, true, true, false], answers.Select(a => a.GetProperty("correct").GetBoolean()));
        Assert.Equal(("Gentoo", "Chinstrap", 1, false), (answers[3].GetProperty("predictedLabel").GetString(), answers[3].GetProperty("actual").GetString(),
            answers[3].GetProperty("version").GetInt32(), answers[3].GetProperty("replaced").GetBoolean()));
        var performance = await GetAsync<ModelPerformance>(Admin, $"/api/v1/monitoring/models/{Species}/performance?{Since(start)}");
        var version = Assert.Single(performance.Versions);
        Assert.Equal((1, "classification", 4L, 0.75), (version.Version, version.Task, version.Overall.Labelled, version.Overall.Accuracy));
        Assert.Null(version.Overall.Mae);
        Assert.Equal(4, version.Points.Sum(p => p.Labelled));

        var replaced = await SendOkAsync(Species, new { requestId = "truth-3", actual = "Gentoo" });

        Assert.True(replaced.GetProperty("replaced").GetBoolean());
        var corrected = await GetAsync<ModelPerformance>(Admin, $"/api/v1/monitoring/models/{Species}/performance?{Since(start)}");
        Assert.Equal((4L, 1.0), (corrected.Versions[0].Overall.Labelled, corrected.Versions[0].Overall.Accuracy));
        var listed = await GetAsync<Paged<LoggedPrediction>>(Admin, $"/api/v1/monitoring/models/{Species}/predictions?{Since(start)}");
        Assert.Equal("Gentoo", listed.Items.Single(p => p.RequestId == "truth-3").Actual);
        var audit = await GetAsync<Paged<AuditEntry>>(Admin, $"/api/v1/audit?entityType=prediction&entityId={Species}/truth-3/0");
        Assert.Equal(["prediction.feedback-replaced", "prediction.feedback-recorded"], audit.Items.Select(e => e.Action));
        Assert.Equal("actual Gentoo, was Chinstrap", audit.Items[0].Details);
    }

    [Fact]
    public async Task Feedback_on_regressions_gives_mae_and_rmse()
    {
        var start = DateTime.UtcNow;
        var first = (await PredictOkAsync(Admin, Mileage, "mpg-0", "?version=1", Car)).GetProperty("predictions")[0].GetProperty("value").GetDouble();
        var second = (await PredictOkAsync(Admin, Mileage, "mpg-1", "?version=1", new Dictionary<string, object?>(Car) { ["Horsepower"] = 150 }))
            .GetProperty("predictions")[0].GetProperty("value").GetDouble();

        var over = await SendOkAsync(Mileage, new { requestId = "mpg-0", actual = first + 1 });
        await SendOkAsync(Mileage, new { requestId = "mpg-1", actual = (second - 3).ToString(System.Globalization.CultureInfo.InvariantCulture) });

        Assert.Equal(-1, over.GetProperty("error").GetDouble(), 6);
        Assert.Equal(JsonValueKind.Null, over.GetProperty("correct").ValueKind);
        var performance = await GetAsync<ModelPerformance>(Admin, $"/api/v1/monitoring/models/{Mileage}/performance?{Since(start)}&bucket=1h");
        var version = Assert.Single(performance.Versions);
        Assert.Equal(("regression", 2L), (version.Task, version.Overall.Labelled));
        Assert.Equal(2.0, version.Overall.Mae!.Value, 6);
        Assert.Equal(Math.Sqrt((1.0 + 9.0) / 2), version.Overall.Rmse!.Value, 6);
        Assert.Null(version.Overall.Accuracy);
        var point = Assert.Single(version.Points);
        Assert.Equal((2L, 2.0), (point.Labelled, Math.Round(point.Mae!.Value, 6)));
    }

    [Fact]
    public async Task A_request_with_several_records_takes_feedback_by_index()
    {
        await PredictOkAsync(Admin, Species, "pair", "", Adelie, Gentoo);

        var unindexed = await SendAsync(Species, new { requestId = "pair", actual = "Gentoo" });
        var second = await SendOkAsync(Species, new { requestId = "pair", index = 1, actual = "Gentoo" });
        var beyond = await SendAsync(Species, new { requestId = "pair", index = 5, actual = "Gentoo" });

        Assert.Equal(HttpStatusCode.BadRequest, unindexed.StatusCode);
        Assert.True((await unindexed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("index", out _));
        Assert.Equal((1, "Gentoo", true), (second.GetProperty("index").GetInt32(), second.GetProperty("predictedLabel").GetString(), second.GetProperty("correct").GetBoolean()));
        Assert.Equal(HttpStatusCode.NotFound, beyond.StatusCode);
    }

    [Theory]
    [InlineData("{\"actual\":\"Adelie\"}", "requestId")]
    [InlineData("{\"requestId\":\"truth-0\"}", "actual")]
    [InlineData("{\"requestId\":\"truth-0\",\"actual\":null}", "actual")]
    [InlineData("{\"requestId\":\"truth-0\",\"actual\":{\"label\":\"Adelie\"}}", "actual")]
    [InlineData("{\"requestId\":\"truth-0\",\"actual\":\"Adelie\",\"index\":-1}", "index")]
    public async Task Malformed_feedback_is_a_400_naming_the_field(string body, string field)
    {
        var response = await Admin.PostAsync($"/api/v1/monitoring/models/{Species}/feedback", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task A_regression_needs_a_number_as_its_truth()
    {
        await PredictOkAsync(Admin, Mileage, "mpg-text", "?version=1", Car);

        var response = await SendAsync(Mileage, new { requestId = "mpg-text", actual = "fast" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("actual", out _));
    }

    [Fact]
    public async Task Feedback_for_an_unknown_request_or_model_is_a_404()
    {
        var unknownRequest = await SendAsync(Species, new { requestId = "never-sent", actual = "Adelie" });
        var unknownModel = await SendAsync("no-such-model", new { requestId = "truth-0", actual = "Adelie" });

        Assert.Equal(HttpStatusCode.NotFound, unknownRequest.StatusCode);
        Assert.Contains("never-sent", (await DatasetApi.ReadProblemAsync(unknownRequest)).Detail);
        Assert.Equal(HttpStatusCode.NotFound, unknownModel.StatusCode);
    }

    private Task<HttpResponseMessage> SendAsync(string model, object feedback) =>
        Admin.PostAsJsonAsync($"/api/v1/monitoring/models/{model}/feedback", feedback);

    private async Task<JsonElement> SendOkAsync(string model, object feedback)
    {
        var response = await SendAsync(model, feedback);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
