using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using MlOps.Modules.Platform.Contracts;
using MlOps.Modules.Serving.Contracts;
using MlOps.Tests.Pipeline;

namespace MlOps.Tests.Serving;

[Collection(BatchCollection.Name)]
public sealed class BatchJobTests(ServingFixture fixture)
{
    private HttpClient Admin => fixture.Admin;

    [Fact]
    public async Task A_dataset_version_is_scored_in_the_background_its_output_downloaded_and_every_change_audited()
    {
        var created = await Admin.PostAsJsonAsync("/api/v1/batch-jobs", new
        {
            model = ServingFixture.Species, alias = "production", source = new { dataset = "penguins", version = 1 }, target = "scored.csv",
        });

        Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
        var job = await BatchApi.WaitAsync(Admin, (await BatchApi.ReadAsync(created)).Id);
        Assert.True(job.Status == BatchJobStatus.Succeeded, job.Error);
        Assert.Equal(1.0, job.Progress);
        Assert.Equal(1, job.Version);
        Assert.Equal(job.Rows, job.TotalRows);
        Assert.Equal("dataset penguins v1", job.Source);
        Assert.Equal(fixture.Factory.Services.GetRequiredService<IReplica>().Name, job.Instance);
        var output = await Admin.GetAsync($"{created.Headers.Location}/output");
        Assert.Equal(HttpStatusCode.OK, output.StatusCode);
        var lines = (await output.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(job.Rows + 1, lines.Length);
        Assert.True(lines.Length > 300);
        Assert.EndsWith("prediction,probability_Adelie,probability_Chinstrap,probability_Gentoo", lines[0]);
        var listed = await Admin.GetFromJsonAsync<Paged<BatchJobInfo>>("/api/v1/batch-jobs", DatasetApi.Json);
        Assert.Contains(listed!.Items, j => j.Id == job.Id);
        var audit = await Admin.GetStringAsync($"/api/v1/audit?entityType=batch-job&entityId={job.Id}");
        foreach (var action in new[] { "batch-job.created", "batch-job.started", "batch-job.succeeded" }) Assert.Contains(action, audit);
    }

    [Fact]
    public async Task Batch_scores_are_the_predict_apis_scores_row_for_row()
    {
        var csv = BatchApi.PenguinRows(5000);
        var job = await BatchApi.WaitAsync(Admin, (await BatchApi.ReadAsync(await BatchApi.UploadAsync(Admin, ServingFixture.Species, csv, version: 1))).Id);
        var batch = (await Admin.GetStringAsync($"/api/v1/batch-jobs/{job.Id}/output")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/models/{ServingFixture.Species}/predict?version=1") { Content = new ByteArrayContent(csv) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
        var online = (await (await Admin.SendAsync(request)).Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(5001, batch.Length);
        Assert.Equal(online.Length, batch.Length);
        for (var i = 1; i < batch.Length; i++)
        {
            var (scored, expected) = (batch[i].Split(',')[^4..], online[i].Split(',')[^4..]);
            Assert.Equal(expected[0], scored[0]);
            for (var p = 1; p < 4; p++) Assert.Equal(double.Parse(expected[p], CultureInfo.InvariantCulture), double.Parse(scored[p], CultureInfo.InvariantCulture), 1e-5);
        }
    }

    [Fact]
    public async Task An_uploaded_csv_is_scored_by_a_chosen_version()
    {
        var created = await BatchApi.UploadAsync(Admin, ServingFixture.Mileage, DatasetApi.TestFile("cars.csv"), version: 1, fileName: "cars.csv");

        Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
        var job = await BatchApi.WaitAsync(Admin, (await BatchApi.ReadAsync(created)).Id);
        Assert.Equal(BatchJobStatus.Succeeded, job.Status);
        Assert.Equal("upload cars.csv", job.Source);
        var lines = (await Admin.GetStringAsync($"{created.Headers.Location}/output")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.EndsWith(",prediction", lines[0]);
        Assert.True(lines.Length > 300);
    }

    [Fact]
    public async Task A_bad_value_fails_the_job_naming_row_and_column_and_keeps_no_output()
    {
        var csv = BatchApi.PenguinRows(20_000, (n, row) => n == 15_000 ? "Adelie,Dream,40.1,18.2,190,heavy,MALE" : row);

        var job = await BatchApi.WaitAsync(Admin, (await BatchApi.ReadAsync(await BatchApi.UploadAsync(Admin, ServingFixture.Species, csv, version: 1))).Id);

        Assert.Equal(BatchJobStatus.Failed, job.Status);
        Assert.Contains("Row 15000: column 'Body Mass (g)' expects a number, not 'heavy'", job.Error);
        Assert.Equal(HttpStatusCode.Conflict, (await Admin.GetAsync($"/api/v1/batch-jobs/{job.Id}/output")).StatusCode);
        AssertNothingStored(job.Id);
    }

    [Fact]
    public async Task A_running_job_shows_progress_keeps_its_output_hidden_and_cancels_to_nothing()
    {
        var created = await BatchApi.ReadAsync(await BatchApi.UploadAsync(Admin, ServingFixture.Species, BatchApi.PenguinRows(600_000), version: 1));

        var running = await BatchApi.WaitForAsync(Admin, created.Id, job => job.Status != BatchJobStatus.Queued && (job.Rows > 0 || !job.IsActive));
        Assert.True(running.Status == BatchJobStatus.Running, $"The job ended {running.Status} before it could be watched running.");
        Assert.InRange(running.Progress, 0.0001, 0.99);
        Assert.Equal(HttpStatusCode.Conflict, (await Admin.GetAsync($"/api/v1/batch-jobs/{created.Id}/output")).StatusCode);
        Assert.False(File.Exists(Path.Combine(JobFolder(created.Id), "predictions.csv")));

        var cancel = await Admin.PostAsync($"/api/v1/batch-jobs/{created.Id}/cancel", null);
        var ended = await BatchApi.WaitAsync(Admin, created.Id);

        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        Assert.Equal(BatchJobStatus.Cancelled, ended.Status);
        Assert.Equal(HttpStatusCode.Conflict, (await Admin.GetAsync($"/api/v1/batch-jobs/{created.Id}/output")).StatusCode);
        AssertNothingStored(created.Id);
        var audit = await Admin.GetStringAsync($"/api/v1/audit?entityType=batch-job&entityId={created.Id}");
        Assert.Contains("batch-job.cancel-requested", audit);
        Assert.Contains("batch-job.cancelled", audit);
        Assert.Equal(HttpStatusCode.Conflict, (await Admin.PostAsync($"/api/v1/batch-jobs/{created.Id}/cancel", null)).StatusCode);
    }

    [Fact]
    public async Task Bad_requests_are_refused_and_unknown_jobs_are_not_found()
    {
        var noSource = await Admin.PostAsJsonAsync("/api/v1/batch-jobs", new { model = ServingFixture.Species });
        var noDataset = await Admin.PostAsJsonAsync("/api/v1/batch-jobs", new { model = ServingFixture.Species, source = new { dataset = "nothing" } });
        var imageModel = await Admin.PostAsJsonAsync("/api/v1/batch-jobs", new { model = ServingFixture.Digits, source = new { dataset = "penguins" } });
        var badTarget = await Admin.PostAsJsonAsync("/api/v1/batch-jobs", new { model = ServingFixture.Species, source = new { dataset = "penguins" }, target = "../x.csv" });
        var notCsv = await Admin.PostAsJsonAsync("/api/v1/batch-jobs", new { model = ServingFixture.Species, source = new { dataset = "penguins" }, target = new { format = "parquet" } });
        var wrongColumns = await BatchApi.UploadAsync(Admin, ServingFixture.Species, Encoding.UTF8.GetBytes("a,b\n1,2\n"));

        Assert.Equal(HttpStatusCode.BadRequest, noSource.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, noDataset.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, imageModel.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badTarget.StatusCode);
        Assert.Contains("target.format", await notCsv.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, wrongColumns.StatusCode);
        Assert.Contains("'Beak Length (mm)'", (await DatasetApi.ReadProblemAsync(wrongColumns)).Detail);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await Admin.PostAsync("/api/v1/batch-jobs", new StringContent("model=x"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Admin.GetAsync("/api/v1/batch-jobs/nope")).StatusCode);
    }

    [Fact]
    public async Task An_analyst_queues_jobs_and_anonymous_callers_are_refused()
    {
        using var analyst = await fixture.Factory.CreateClientWithRoleAsync(Roles.Analyst);
        using var anonymous = fixture.Factory.CreateClient();

        var queued = await BatchApi.UploadAsync(analyst, ServingFixture.Species, BatchApi.PenguinRows(10), version: 1);

        Assert.Equal(HttpStatusCode.Accepted, queued.StatusCode);
        Assert.Equal(BatchJobStatus.Succeeded, (await BatchApi.WaitAsync(analyst, (await BatchApi.ReadAsync(queued)).Id)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await BatchApi.UploadAsync(anonymous, ServingFixture.Species, BatchApi.PenguinRows(10))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/batch-jobs")).StatusCode);
    }

    private string JobFolder(string id) => Path.Combine(fixture.Factory.DataDirectory, "artifacts", "serving", "batch-jobs", id);

    /// <summary>Neither the job's folder (upload and output) nor a temp file of it is left behind.</summary>
    private void AssertNothingStored(string id)
    {
        Assert.False(Directory.Exists(JobFolder(id)), $"{JobFolder(id)} is still there.");
        var temp = Path.Combine(fixture.Factory.DataDirectory, "artifacts", ".tmp");
        Assert.Empty(Directory.Exists(temp) ? Directory.GetFiles(temp) : []);
    }
}
