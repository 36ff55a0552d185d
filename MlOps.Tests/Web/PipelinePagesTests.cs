using Bunit;
using MlOps.Modules.Pipeline.Contracts;
using MlOps.Modules.Platform.Contracts;
using MlOps.Tests.Support;
using MlOps.Web.Components.Pages.Pipelines;

namespace MlOps.Tests.Web;

public sealed class PipelinePagesTests(MlOpsFactory app) : IClassFixture<MlOpsFactory>
{
    private static readonly PipelineRunStatus[] Ended =
        [PipelineRunStatus.Succeeded, PipelineRunStatus.Failed, PipelineRunStatus.Cancelled, PipelineRunStatus.Interrupted];

    [Fact]
    public async Task The_editor_shows_a_server_validation_error_at_its_field()
    {
        await using var context = new ComponentTestContext(app, Roles.DataScientist, "scientist@mlops.test");
        await UploadAsync(context, "iris-editor", "iris.csv");
        await CreateAsync(context, Iris("iris-editor", "iris-editor"));
        var page = context.Render<PipelineEditor>(p => p.Add(e => e.Name, "iris-editor"));
        page.WaitForAssertion(() => Assert.Equal("iris-editor", page.Find("input[data-testid=register-model]").GetAttribute("value")));

        page.Find("input[data-testid=register-model]").Change("Not A Model Name");
        await page.Find("[data-testid=save-pipeline]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Contains("registerModel must be a model name", page.Find("[data-testid=field-register-model]").TextContent));
        Assert.DoesNotContain("registerModel must be a model name", page.Find("[data-testid=field-name]").TextContent);
        var stored = await context.AppService<IPipelineService>().GetAsync("iris-editor", default);
        Assert.Equal("iris-editor", stored!.Definition.RegisterModel);
    }

    [Fact]
    public async Task A_refused_save_brings_the_first_field_in_error_into_view()
    {
        await using var context = new ComponentTestContext(app, Roles.DataScientist, "scientist@mlops.test");
        await UploadAsync(context, "iris-scroll", "iris.csv");
        await CreateAsync(context, Iris("iris-scroll", "iris-scroll"));
        var page = context.Render<PipelineEditor>(p => p.Add(e => e.Name, "iris-scroll"));
        page.WaitForAssertion(() => Assert.Equal("iris-scroll", page.Find("input[data-testid=register-model]").GetAttribute("value")));

        page.Find("input[data-testid=register-model]").Change("Not A Model Name");
        await page.Find("[data-testid=save-pipeline]").ClickAsync(new());

        page.WaitForAssertion(() => context.JSInterop.VerifyInvoke("mlops.showFirstError"));
    }

    [Fact]
    public async Task A_binary_task_on_a_label_with_three_values_is_explained_before_any_run()
    {
        await using var context = new ComponentTestContext(app, Roles.DataScientist, "scientist@mlops.test");
        await UploadAsync(context, "iris-binary", "iris.csv");
        await CreateAsync(context, Iris("iris-binary", "iris-binary"));
        var page = context.Render<PipelineEditor>(p => p.Add(e => e.Name, "iris-binary"));
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=trainer-LightGbm]")));
        Assert.Empty(page.FindAll("[data-testid=binary-label-warning]"));

        await page.InvokeAsync(() => page.FindComponent<MudBlazor.MudSelect<TrainingTask>>().Instance.ValueChanged.InvokeAsync(TrainingTask.BinaryClassification));

        page.WaitForAssertion(() => Assert.Contains("species has 3", page.Find("[data-testid=binary-label-warning]").TextContent));
    }

    [Fact]
    public async Task The_editor_describes_each_trainer_and_shows_the_definition_as_yaml()
    {
        await using var context = new ComponentTestContext(app, Roles.DataScientist, "scientist@mlops.test");
        await UploadAsync(context, "iris-columns", "iris.csv");
        await CreateAsync(context, Iris("iris-columns", "iris-columns"));

        var page = context.Render<PipelineEditor>(p => p.Add(e => e.Name, "iris-columns"));

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=trainer-LightGbm]")));
        Assert.Contains("numberOfLeaves", page.Find("[data-testid=field-trainers]").TextContent);
        page.FindAll(".mud-tab").Single(tab => tab.TextContent.Contains("YAML")).Click();
        var yaml = page.WaitForElement("[data-testid=pipeline-yaml]").TextContent;
        Assert.Contains("dataset: iris-columns", yaml);
        Assert.Contains("label: species", yaml);
        Assert.Contains("- LightGbm", yaml);
        Assert.Contains("registerModel: iris-columns", yaml);
        Assert.DoesNotContain("modelName", yaml);
    }

    [Fact]
    public async Task The_run_page_shows_progress_trials_and_the_registered_model_of_a_finished_run()
    {
        await using var context = new ComponentTestContext(app, Roles.DataScientist, "scientist@mlops.test");
        await UploadAsync(context, "iris-run", "iris.csv");
        await CreateAsync(context, Iris("iris-run", "iris-run") with { Search = new SearchSettings(SearchStrategy.Random, MaxTrials: 2, MaxMinutes: 2) });
        var run = await RunToEndAsync(context, "iris-run");
        Assert.Equal(PipelineRunStatus.Succeeded, run.Status);

        var page = context.Render<PipelineRunPage>(p => p.Add(r => r.Id, run.Id));

        page.WaitForAssertion(() => Assert.Contains("Succeeded", page.Find("[data-testid=run-status]").TextContent));
        Assert.Equal("100", page.Find("[data-testid=run-progress]").GetAttribute("data-progress"));
        Assert.Equal("2 of 2 trials", page.Find("[data-testid=run-trials-count]").TextContent.Trim());
        Assert.Equal(2, page.FindAll("[data-testid=trials-table] tbody tr").Count);
        Assert.Equal(2, page.FindAll("[data-testid=trials-table] tbody a[href^='runs/']").Count);
        Assert.Contains("LightGbm", page.Find("[data-testid=trials-table]").TextContent);
        Assert.NotEmpty(page.FindAll("[data-testid=trials-chart] svg"));
        var model = page.Find("[data-testid=model-link]");
        Assert.Equal("models/iris-run", model.GetAttribute("href"));
        Assert.Contains($"version {run.ModelVersion!.Version}", model.TextContent);
        Assert.Empty(page.FindAll("[data-testid=cancel-run]"));
    }

    [Fact]
    public async Task The_run_page_follows_a_live_run_and_cancels_it()
    {
        await using var context = new ComponentTestContext(app, Roles.DataScientist, "scientist@mlops.test");
        await UploadAsync(context, "cars-live", "cars.csv");
        await CreateAsync(context, new PipelineDefinition("cars-live", "cars-live", TrainingTask.Regression, "Miles_per_Gallon", ["FastTree"],
            Search: new SearchSettings(SearchStrategy.Grid, MaxTrials: 200, MaxMinutes: 10)));
        var started = await context.AppService<IPipelineService>().StartRunAsync("cars-live", "manual", "scientist@mlops.test", default);

        var page = context.Render<PipelineRunPage>(p => p.Add(r => r.Id, started.Value!.Id));

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=trials-table] tbody tr")), TimeSpan.FromSeconds(30));
        Assert.Contains("Running", page.Find("[data-testid=run-status]").TextContent);
        Assert.Matches(@"^Trial \d+ of \d+$", page.Find("[data-testid=run-trials-count]").TextContent.Trim());
        Assert.NotEqual("0", page.Find("[data-testid=run-progress]").GetAttribute("data-progress"));
        await page.Find("[data-testid=cancel-run]").ClickAsync(new());
        page.WaitForAssertion(() => Assert.Contains("Cancelled", page.Find("[data-testid=run-status]").TextContent), TimeSpan.FromSeconds(30));
        Assert.Empty(page.FindAll("[data-testid=cancel-run]"));
    }

    [Fact]
    public async Task An_admin_schedules_a_pipeline_and_sees_why_a_cron_is_refused_and_the_next_fire_times()
    {
        await using var context = new ComponentTestContext(app, Roles.Admin);
        await UploadAsync(context, "iris-schedule", "iris.csv");
        await CreateAsync(context, Iris("iris-schedule", "iris-schedule"));
        var page = context.Render<PipelinePage>(p => p.Add(e => e.Name, "iris-schedule"));
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("input[data-testid=schedule-cron]")));

        page.Find("input[data-testid=schedule-cron]").Change("every night");
        await page.Find("[data-testid=save-schedule]").ClickAsync(new());
        page.WaitForAssertion(() => Assert.Contains("Not a valid Quartz cron expression", page.Find("[data-testid=pipeline-schedule]").TextContent));
        Assert.Empty(page.FindAll("[data-testid=next-fires] li"));

        page.Find("input[data-testid=schedule-cron]").Change("0 0 3 * * ?");
        await page.Find("[data-testid=save-schedule]").ClickAsync(new());
        page.WaitForAssertion(() => Assert.Equal(5, page.FindAll("[data-testid=next-fires] li").Count));
        Assert.All(page.FindAll("[data-testid=next-fires] li"), li => Assert.EndsWith("03:00:00", li.TextContent.Trim()));
        Assert.Equal("0 0 3 * * ?", (await context.AppService<IPipelineService>().GetAsync("iris-schedule", default))!.Definition.Schedule!.Cron);
    }

    [Theory]
    [InlineData(Roles.Analyst, false)]
    [InlineData(Roles.DataScientist, true)]
    public async Task Only_writers_see_the_new_pipeline_and_run_now_buttons(string role, bool writer)
    {
        await using var context = new ComponentTestContext(app, role, $"{role.ToLowerInvariant()}@mlops.test");
        var name = $"iris-list-{role.ToLowerInvariant()}";
        await UploadAsync(context, name, "iris.csv");
        await CreateAsync(context, Iris(name, name));

        var page = context.Render<PipelinesPage>();

        page.WaitForAssertion(() => Assert.Contains(name, page.Find("[data-testid=pipelines-table]").TextContent));
        Assert.Equal(writer, page.FindAll("[data-testid=new-pipeline]").Count == 1);
        Assert.Equal(writer, page.FindAll($"[data-testid=run-{name}]").Count == 1);
    }

    private static PipelineDefinition Iris(string name, string dataset) =>
        new(name, dataset, TrainingTask.MulticlassClassification, "species", ["LightGbm"],
            Search: new SearchSettings(MaxTrials: 1, MaxMinutes: 2), RegisterModel: name);

    private static async Task UploadAsync(ComponentTestContext context, string name, string file)
    {
        await using var content = new MemoryStream(MlOps.Tests.Pipeline.DatasetApi.TestFile(file));
        var uploaded = await context.AppService<IDatasetCatalog>().UploadAsync(new DatasetUpload(name, null, file, content), "scientist@mlops.test", default);
        Assert.True(uploaded.Succeeded);
    }

    private static async Task CreateAsync(ComponentTestContext context, PipelineDefinition definition)
    {
        var created = await context.AppService<IPipelineService>().CreateAsync(definition, "scientist@mlops.test", default);
        Assert.True(created.Succeeded, string.Join(" ", created.Problems.Values.SelectMany(p => p)));
    }

    private static async Task<PipelineRunDetails> RunToEndAsync(ComponentTestContext context, string pipeline)
    {
        var pipelines = context.AppService<IPipelineService>();
        var started = await pipelines.StartRunAsync(pipeline, "manual", "scientist@mlops.test", default);
        Assert.True(started.Succeeded);
        return await Poll.UntilAsync(async () => (await pipelines.GetRunAsync(started.Value!.Id, default))!, run => Ended.Contains(run.Status),
            TimeSpan.FromSeconds(60), run => $"Run {run.Id} is still {run.Status}.", intervalMilliseconds: 200);
    }
}
