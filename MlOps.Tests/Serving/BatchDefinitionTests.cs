using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MlOps.Modules.Platform.Contracts;
using MlOps.Modules.Serving.Batch.Schedules;
using MlOps.Modules.Serving.Contracts;
using MlOps.Modules.Serving.Data;
using MlOps.Tests.Pipeline;
using MlOps.Tests.Support;

namespace MlOps.Tests.Serving;

[Collection(BatchCollection.Name)]
public sealed class BatchDefinitionTests(ServingFixture fixture)
{
    private HttpClient Admin => fixture.Admin;

    [Fact]
    public async Task A_yaml_declaration_is_stored_scheduled_described_and_run_now()
    {
        var created = await PostYamlAsync(Admin, """
            name: penguins-nightly
            model: penguin-species
            alias: production        # or version: 1
            source: { dataset: penguins }
            target: { format: csv, name: nightly.csv }
            schedule: "0 0 2 * * ?"
            """);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var details = await DatasetApi.ReadAsync<BatchDefinitionDetails>(created);
        Assert.Equal("every day at 02:00 UTC", details.ScheduleDescription);
        Assert.Equal(5, details.NextFireTimes.Count);
        Assert.All(details.NextFireTimes, time => Assert.Equal(new TimeSpan(2, 0, 0), time.TimeOfDay));
        var yaml = await GetYamlAsync("penguins-nightly");
        Assert.Contains("schedule: 0 0 2 * * ?", yaml);
        Assert.Contains("dataset: penguins", yaml);

        var run = await Admin.PostAsync("/api/v1/batch-definitions/penguins-nightly/runs", null);
        Assert.Equal(HttpStatusCode.Accepted, run.StatusCode);
        var job = await BatchApi.WaitAsync(Admin, (await BatchApi.ReadAsync(run)).Id);
        Assert.Equal(BatchJobStatus.Succeeded, job.Status);
        Assert.Equal(("penguins-nightly", BatchTriggers.RunNow, "nightly.csv", "production"), (job.Definition, job.Trigger, job.Target, job.Alias));
        Assert.Contains("dataset penguins v", job.Source);
        var listed = await Admin.GetFromJsonAsync<Paged<BatchDefinitionDetails>>("/api/v1/batch-definitions", DatasetApi.Json);
        Assert.Equal(job.Id, listed!.Items.Single(d => d.Definition.Name == "penguins-nightly").LastJob?.Id);
        Assert.Contains("batch-definition.created", await Admin.GetStringAsync("/api/v1/audit?entityType=batch-definition&entityId=penguins-nightly"));
    }

    [Fact]
    public async Task A_json_declaration_is_replaced_and_deleted_with_its_schedule()
    {
        var definition = new { name = "cars-weekly", model = ServingFixture.Mileage, version = 1, source = new { dataset = "cars", version = 1 }, schedule = "0 30 6 ? * MON" };
        Assert.Equal(HttpStatusCode.Created, (await Admin.PostAsJsonAsync("/api/v1/batch-definitions", definition)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await Admin.PostAsJsonAsync("/api/v1/batch-definitions", definition)).StatusCode);
        Assert.NotNull(await TriggerAsync("cars-weekly"));

        var replaced = await Admin.PutAsJsonAsync("/api/v1/batch-definitions/cars-weekly", definition with { schedule = (string)null! });
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        Assert.Null((await DatasetApi.ReadAsync<BatchDefinitionDetails>(replaced)).ScheduleDescription);
        Assert.Null(await TriggerAsync("cars-weekly"));

        Assert.Equal(HttpStatusCode.NoContent, (await Admin.DeleteAsync("/api/v1/batch-definitions/cars-weekly")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Admin.GetAsync("/api/v1/batch-definitions/cars-weekly")).StatusCode);
        var audit = await Admin.GetStringAsync("/api/v1/audit?entityType=batch-definition&entityId=cars-weekly");
        Assert.Contains("batch-definition.updated", audit);
        Assert.Contains("batch-definition.deleted", audit);
    }

    [Fact]
    public async Task Invalid_declarations_are_400s_naming_each_field_and_its_yaml_line()
    {
        var yaml = await PostYamlAsync(Admin, """
            name: Not A Name
            model: penguin-species
            alias: production
            version: 1
            source: { dataset: penguins }
            target: { format: parquet }
            schedule: "every night"
            """);
        var json = await Admin.PostAsJsonAsync("/api/v1/batch-definitions", new { name = "no-dataset", model = ServingFixture.Species, source = new { dataset = "" } });
        var unknownDataset = await Admin.PostAsJsonAsync("/api/v1/batch-definitions", new { name = "unknown-dataset", model = ServingFixture.Species, source = new { dataset = "nothing" } });
        var malformed = await PostYamlAsync(Admin, "name: broken\nsource: { dataset: penguins\n");

        var errors = await ErrorsAsync(yaml);
        Assert.Contains("(line 1)", errors["name"][0]);
        Assert.Contains("not both. (line 4)", errors["version"][0]);
        Assert.Contains("'csv'. (line 6)", errors["target.format"][0]);
        Assert.Contains("Quartz cron", errors["schedule"][0]);
        Assert.Contains("(line 7)", errors["schedule"][0]);
        Assert.Equal(["source.dataset"], (await ErrorsAsync(json)).Keys);
        Assert.Contains("There is no dataset 'nothing'", (await ErrorsAsync(unknownDataset))["source.dataset"][0]);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Contains("line 3", (await DatasetApi.ReadProblemAsync(malformed)).Detail);
        Assert.Equal(HttpStatusCode.NotFound, (await Admin.GetAsync("/api/v1/batch-definitions/Not A Name")).StatusCode);
    }

    [Fact]
    public async Task A_run_while_a_job_of_the_definition_is_active_is_refused_and_a_refused_fire_is_audited()
    {
        await CreateAsync("penguins-overlap", schedule: null);
        var waiting = await InsertQueuedJobAsync("penguins-overlap");

        var run = await Admin.PostAsync("/api/v1/batch-definitions/penguins-overlap/runs", null);
        var fire = await FireAsync("penguins-overlap");

        Assert.Equal(HttpStatusCode.Conflict, run.StatusCode);
        Assert.Contains(waiting, (await DatasetApi.ReadProblemAsync(run)).Detail);
        Assert.Equal(BatchFire.RefusedOverlap, fire);
        Assert.Contains("batch-definition.schedule-refused", await Admin.GetStringAsync("/api/v1/audit?entityType=batch-definition&entityId=penguins-overlap"));
        Assert.Equal(HttpStatusCode.Accepted, (await Admin.PostAsync($"/api/v1/batch-jobs/{waiting}/cancel", null)).StatusCode);
        Assert.Equal(BatchFire.Started, await FireAsync("penguins-overlap"));
        Assert.Equal(BatchFire.DefinitionGone, await FireAsync("never-declared"));
    }

    [Fact]
    public async Task The_database_holds_at_most_one_queued_or_running_job_per_definition()
    {
        await CreateAsync("penguins-single", schedule: null);
        await InsertQueuedJobAsync("penguins-single");

        var racing = await Assert.ThrowsAsync<DbUpdateException>(() => InsertQueuedJobAsync("penguins-single"));

        Assert.Contains("unique", racing.InnerException!.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_quartz_schedule_fires_jobs_of_the_definition()
    {
        await CreateAsync("penguins-every-second", schedule: "* * * * * ?");
        try
        {
            var fired = await Poll.UntilAsync(
                async () => (await Admin.GetFromJsonAsync<Paged<BatchJobInfo>>("/api/v1/batch-jobs?definition=penguins-every-second", DatasetApi.Json))!.Items.FirstOrDefault(),
                job => job is not null, TimeSpan.FromSeconds(30), _ => "The schedule fired no job in 30 s.", intervalMilliseconds: 200);

            Assert.NotNull(fired);
            Assert.Equal((BatchTriggers.Schedule, "schedule:penguins-every-second"), (fired.Trigger, fired.RequestedBy));
            Assert.Equal(BatchJobStatus.Succeeded, (await BatchApi.WaitAsync(Admin, fired.Id)).Status);
        }
        finally
        {
            await Admin.DeleteAsync("/api/v1/batch-definitions/penguins-every-second");
        }
    }

    [Fact]
    public async Task Analysts_read_definitions_but_only_data_scientists_and_admins_declare_and_run_them()
    {
        await CreateAsync("penguins-roles", schedule: null);
        using var analyst = await fixture.Factory.CreateClientWithRoleAsync(Roles.Analyst);
        using var scientist = await fixture.Factory.CreateClientWithRoleAsync(Roles.DataScientist);
        using var anonymous = fixture.Factory.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await analyst.GetAsync("/api/v1/batch-definitions/penguins-roles")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.PostAsync("/api/v1/batch-definitions/penguins-roles/runs", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await PostYamlAsync(analyst, "name: x\nmodel: penguin-species\nsource: { dataset: penguins }\n")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.DeleteAsync("/api/v1/batch-definitions/penguins-roles")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/batch-definitions")).StatusCode);
        var run = await scientist.PostAsync("/api/v1/batch-definitions/penguins-roles/runs", null);
        Assert.Equal(HttpStatusCode.Accepted, run.StatusCode);
        await BatchApi.WaitAsync(Admin, (await BatchApi.ReadAsync(run)).Id);
    }

    private async Task CreateAsync(string name, string? schedule)
    {
        var created = await Admin.PostAsJsonAsync("/api/v1/batch-definitions", new { name, model = ServingFixture.Species, version = 1, source = new { dataset = "penguins" }, schedule });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
    }

    private static Task<HttpResponseMessage> PostYamlAsync(HttpClient client, string yaml) =>
        client.PostAsync("/api/v1/batch-definitions", new StringContent(yaml, Encoding.UTF8, new MediaTypeHeaderValue("application/yaml")));

    private async Task<string> GetYamlAsync(string name)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/batch-definitions/{name}");
        request.Headers.Accept.Clear();
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/yaml"));
        return await (await Admin.SendAsync(request)).Content.ReadAsStringAsync();
    }

    private static async Task<Dictionary<string, string[]>> ErrorsAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        return problem.GetProperty("errors").Deserialize<Dictionary<string, string[]>>()!;
    }

    private async Task<Quartz.ITrigger?> TriggerAsync(string definition)
    {
        var scheduler = await fixture.Factory.Services.GetRequiredService<Quartz.ISchedulerFactory>().GetScheduler();
        return await scheduler.GetTrigger(new Quartz.TriggerKey(definition, BatchScheduler.Group));
    }

    private async Task<BatchFire> FireAsync(string definition)
    {
        await using var scope = fixture.Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ScheduledBatch>().FireAsync(definition, CancellationToken.None);
    }

    /// <summary>A job of the definition that waits without ever reaching the worker, so it stays Queued.</summary>
    private async Task<string> InsertQueuedJobAsync(string definition)
    {
        await using var scope = fixture.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ServingDbContext>();
        var job = new BatchJobRecord
        {
            Id = Guid.NewGuid().ToString("N"), Model = ServingFixture.Species, Version = 1, SourceDataset = "penguins", SourceDatasetVersion = 1,
            SourceDescription = "dataset penguins v1", OutputName = "predictions.csv", Status = BatchJobStatus.Queued, Trigger = BatchTriggers.RunNow,
            Definition = definition, RequestedBy = "test", CreatedAt = DateTime.UtcNow,
        };
        db.BatchJobs.Add(job);
        await db.SaveChangesAsync();
        return job.Id;
    }
}
