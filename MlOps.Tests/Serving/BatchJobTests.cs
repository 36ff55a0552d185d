using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using MlOps.Tests.Pipeline;

namespace MlOps.Tests.Serving;

public sealed class BatchJobTests(ServingFixture fixture) : IClassFixture<ServingFixture>
{
    private HttpClient Admin => fixture.Admin;

    [Fact]
    public async Task A_dataset_version_is_scored_in_the_background_and_its_output_downloaded()
    {
        var created = await Admin.PostAsJsonAsync("/api/v1/batch-jobs", new
        {
            model = ServingFixture.Species, alias = "production", source = new { dataset = "penguins", version = 1 }, target = "scored.csv",
        });

        Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
        var job = await WaitAsync(created.Headers.Location!.ToString());
        Assert.True(job.GetProperty("status").GetString() == "Succeeded", job.ToString());
        Assert.Equal(1.0, job.GetProperty("progress").GetDouble());
        Assert.Equal(1, job.GetProperty("version").GetInt32());
        Assert.Equal("dataset penguins v1", job.GetProperty("source").GetString());
        var output = await Admin.GetAsync($"{created.Headers.Location}/output");
        Assert.Equal(HttpStatusCode.OK, output.StatusCode);
        var lines = (await output.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(job.GetProperty("rows").GetInt64() + 1, lines.Length);
        Assert.True(lines.Length > 300);
        Assert.EndsWith("prediction,probability_Adelie,probability_Chinstrap,probability_Gentoo", lines[0]);
    }

    [Fact]
    public async Task An_uploaded_csv_is_scored_by_a_chosen_version()
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent(ServingFixture.Mileage), "model" },
            { new StringContent("1"), "version" },
        };
        var file = new ByteArrayContent(DatasetApi.TestFile("cars.csv"));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", "cars.csv");

        var created = await Admin.PostAsync("/api/v1/batch-jobs", form);

        Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
        var job = await WaitAsync(created.Headers.Location!.ToString());
        Assert.Equal("Succeeded", job.GetProperty("status").GetString());
        Assert.Equal("upload cars.csv", job.GetProperty("source").GetString());
        var lines = (await Admin.GetStringAsync($"{created.Headers.Location}/output")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.EndsWith(",prediction", lines[0]);
        Assert.True(lines.Length > 300);
    }

    [Fact]
    public async Task Bad_requests_are_refused_and_unknown_jobs_are_not_found()
    {
        var noSource = await Admin.PostAsJsonAsync("/api/v1/batch-jobs", new { model = ServingFixture.Species });
        var noDataset = await Admin.PostAsJsonAsync("/api/v1/batch-jobs", new { model = ServingFixture.Species, source = new { dataset = "nothing" } });
        var imageModel = await Admin.PostAsJsonAsync("/api/v1/batch-jobs", new { model = ServingFixture.Digits, source = new { dataset = "penguins" } });
        var badTarget = await Admin.PostAsJsonAsync("/api/v1/batch-jobs", new { model = ServingFixture.Species, source = new { dataset = "penguins" }, target = "../x.csv" });

        Assert.Equal(HttpStatusCode.BadRequest, noSource.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, noDataset.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, imageModel.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badTarget.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Admin.GetAsync("/api/v1/batch-jobs/nope")).StatusCode);
    }

    [Fact]
    public async Task A_cancelled_job_ends_cancelled_without_output()
    {
        var created = await Admin.PostAsJsonAsync("/api/v1/batch-jobs", new { model = ServingFixture.Species, source = new { dataset = "penguins" } });
        var cancel = await Admin.PostAsync($"{created.Headers.Location}/cancel", null);

        var job = await WaitAsync(created.Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        Assert.True(job.GetProperty("status").GetString() is "Cancelled" or "Succeeded", job.ToString());
        if (job.GetProperty("status").GetString() == "Cancelled")
            Assert.Equal(HttpStatusCode.Conflict, (await Admin.GetAsync($"{created.Headers.Location}/output")).StatusCode);
    }

    private async Task<JsonElement> WaitAsync(string location)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var job = await Admin.GetFromJsonAsync<JsonElement>(location);
            if (job.GetProperty("status").GetString() is not ("Queued" or "Running")) return job;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Batch job is still {job.GetProperty("status")}.");
            await Task.Delay(100);
        }
    }
}
