using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MlOps.Modules.Platform.Contracts;
using MlOps.Modules.Serving.Contracts;
using MlOps.Modules.Serving.Data;
using MlOps.Tests.Serving;
using MlOps.Tests.Support;
using MlOps.Web.Components.Pages.Batch;

namespace MlOps.Tests.Web;

[Collection(BatchCollection.Name)]
public sealed class BatchJobsPageTests(ServingFixture fixture)
{
    [Fact]
    public async Task Jobs_show_their_status_progress_and_download_and_analysts_see_no_editor()
    {
        var job = await BatchApi.WaitAsync(fixture.Admin,
            (await BatchApi.ReadAsync(await BatchApi.UploadAsync(fixture.Admin, ServingFixture.Species, BatchApi.PenguinRows(50), version: 1))).Id);
        await using var context = new ComponentTestContext(fixture.Factory, Roles.Analyst, "analyst@mlops.test");

        var page = context.Render<BatchJobsPage>();

        page.WaitForAssertion(() => Assert.Contains("Succeeded", page.Find($"[data-testid=job-status-{job.Id}]").TextContent));
        Assert.Equal("100", page.Find($"[data-testid=job-progress-{job.Id}]").GetAttribute("data-progress"));
        Assert.Equal($"/api/v1/batch-jobs/{job.Id}/output", page.Find($"[data-testid=job-download-{job.Id}]").GetAttribute("href"));
        Assert.Contains("50 rows", page.Find("[data-testid=batch-jobs-table]").TextContent);
        Assert.Empty(page.FindAll("[data-testid=definition-editor]"));
        Assert.Empty(page.FindAll("[data-testid^=definition-run-]"));
    }

    [Fact]
    public async Task A_waiting_job_is_cancelled_from_the_page()
    {
        var waiting = await InsertQueuedJobAsync();
        await using var context = new ComponentTestContext(fixture.Factory, Roles.Analyst, "analyst@mlops.test");
        var page = context.Render<BatchJobsPage>();

        await page.WaitForElement($"[data-testid=job-cancel-{waiting}]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Contains("Cancelled", page.Find($"[data-testid=job-status-{waiting}]").TextContent));
        Assert.Equal(BatchJobStatus.Cancelled, (await context.AppService<IBatchJobs>().GetAsync(waiting, default))!.Status);
        Assert.Empty(page.FindAll($"[data-testid=job-cancel-{waiting}]"));
    }

    [Fact]
    public async Task A_declaration_is_explained_when_wrong_then_saved_run_now_and_deleted()
    {
        await using var context = new ComponentTestContext(fixture.Factory, Roles.Admin, "admin-page@mlops.test");
        var page = context.Render<BatchJobsPage>();
        var yaml = $"""
            name: page-scoring
            model: {ServingFixture.Species}
            version: 1
            source: {"{"} dataset: penguins {"}"}
            schedule: "at two"
            """;

        page.Find("textarea[data-testid=definition-yaml]").Input(yaml);
        await page.Find("[data-testid=save-definition]").ClickAsync(new());
        page.WaitForAssertion(() => Assert.Contains("Quartz cron", page.Find("[data-testid=problem-schedule]").TextContent));
        Assert.Contains("(line 5)", page.Find("[data-testid=problem-schedule]").TextContent);
        Assert.Equal("Declare a batch job", page.Find("[data-testid=editor-title]").TextContent.Trim());
        Assert.Null(await context.AppService<IBatchDefinitions>().GetAsync("page-scoring", default));

        page.Find("textarea[data-testid=definition-yaml]").Input(yaml.Replace("\"at two\"", "\"0 0 2 * * ?\"", StringComparison.Ordinal));
        await page.Find("[data-testid=save-definition]").ClickAsync(new());
        page.WaitForAssertion(() => Assert.Equal("every day at 02:00 UTC", page.Find("[data-testid=definition-schedule-page-scoring]").TextContent.Trim()));
        Assert.EndsWith("02:00:00", page.Find("[data-testid=definition-next-page-scoring]").TextContent.Trim());
        Assert.Empty(page.FindAll("[data-testid=definition-problems]"));

        await page.Find("[data-testid=definition-edit-page-scoring]").ClickAsync(new());
        Assert.Equal("Edit page-scoring", page.Find("[data-testid=editor-title]").TextContent.Trim());
        Assert.Contains("schedule: 0 0 2 * * ?", page.Find("textarea[data-testid=definition-yaml]").GetAttribute("value") ?? page.Find("textarea[data-testid=definition-yaml]").TextContent);

        await page.Find("[data-testid=definition-run-page-scoring]").ClickAsync(new());
        page.WaitForAssertion(() => Assert.Contains("page-scoring (run-now)", page.Find("[data-testid=batch-jobs-table]").TextContent));

        await page.Find("[data-testid=definition-delete-page-scoring]").ClickAsync(new());
        await page.Find("[data-testid=definition-confirm-delete-page-scoring]").ClickAsync(new());
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=definition-page-scoring]")));
        Assert.Null(await context.AppService<IBatchDefinitions>().GetAsync("page-scoring", default));
        Assert.Equal("Declare a batch job", page.Find("[data-testid=editor-title]").TextContent.Trim());
    }

    [Fact]
    public async Task A_data_scientist_saving_a_scheduled_declaration_on_the_page_is_refused_and_nothing_is_stored()
    {
        await using var context = new ComponentTestContext(fixture.Factory, Roles.DataScientist, "scientist@mlops.test");
        var page = context.Render<BatchJobsPage>();

        page.Find("textarea[data-testid=definition-yaml]").Input($"""
            name: page-scheduled-by-scientist
            model: {ServingFixture.Species}
            version: 1
            source: {"{"} dataset: penguins {"}"}
            schedule: "0 0 2 * * ?"
            """);
        await page.Find("[data-testid=save-definition]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Contains("Only Admins manage schedules", page.Find("[data-testid=problem-schedule]").TextContent));
        Assert.Null(await context.AppService<IBatchDefinitions>().GetAsync("page-scheduled-by-scientist", default));
    }

    /// <summary>A job that waits without ever reaching the worker, so it stays Queued until cancelled.</summary>
    private async Task<string> InsertQueuedJobAsync()
    {
        await using var scope = fixture.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ServingDbContext>();
        var job = new BatchJobRecord
        {
            Id = Guid.NewGuid().ToString("N"), Model = ServingFixture.Species, Version = 1, SourceDataset = "penguins", SourceDatasetVersion = 1,
            SourceDescription = "dataset penguins v1", OutputName = "predictions.csv", Status = BatchJobStatus.Queued, Trigger = BatchTriggers.Api,
            RequestedBy = "test", CreatedAt = DateTime.UtcNow,
        };
        db.BatchJobs.Add(job);
        await db.SaveChangesAsync();
        return job.Id;
    }
}
