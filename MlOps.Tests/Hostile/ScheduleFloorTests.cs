using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using MlOps.Modules.Platform.Contracts;
using MlOps.Modules.Serving.Contracts;
using MlOps.Tests.Pipeline;

namespace MlOps.Tests.Hostile;

/// <summary>Schedules never fire more often than Scheduling:MinimumIntervalSeconds (300 s here), and only Admins set them.</summary>
[Collection(HostileCollection.Name)]
public sealed class ScheduleFloorTests(HostileHost host)
{
    public static TheoryData<string> TooFrequent => new()
    {
        "* * * * * ?",
        "0/10 * * * * ?",
        "0 * * * * ?",
        "0 0/4 * * * ?",
        "0 0,1 3 * * ?",
    };

    [Theory]
    [MemberData(nameof(TooFrequent))]
    public async Task Batch_definition_schedule_firing_more_often_than_the_floor_is_refused(string cron)
    {
        var before = await host.TotalAsync("/api/v1/batch-definitions");

        var response = await host.Admin.PostAsync("/api/v1/batch-definitions", Yaml($"name: frequent\nmodel: {HostileHost.FormulaModel}\nsource: {{dataset: {HostileHost.FormulaDataset}}}\nschedule: \"{cron}\"\n"));

        await HostileHost.AssertProblemAsync(response, HttpStatusCode.BadRequest, "Scheduling:MinimumIntervalSeconds");
        Assert.Equal(before, await host.TotalAsync("/api/v1/batch-definitions"));
    }

    [Theory]
    [MemberData(nameof(TooFrequent))]
    public async Task Pipeline_schedule_firing_more_often_than_the_floor_is_refused(string cron)
    {
        var created = await PipelineApi.CreateAsync(host.Admin, Pipeline($"frequent-{Guid.NewGuid():N}"[..20], new { cron, enabled = true }));
        var set = await host.Admin.PutAsJsonAsync($"/api/v1/pipelines/{HostileHost.FormulaModel}/schedule", new { cron, enabled = true });

        await HostileHost.AssertProblemAsync(created, HttpStatusCode.BadRequest, "Scheduling:MinimumIntervalSeconds");
        await HostileHost.AssertProblemAsync(set, HttpStatusCode.BadRequest, "Scheduling:MinimumIntervalSeconds");
        var pipeline = await host.Admin.GetStringAsync($"/api/v1/pipelines/{HostileHost.FormulaModel}");
        Assert.DoesNotContain(cron, pipeline, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Schedule_at_the_floor_is_accepted_from_an_admin()
    {
        var response = await host.Admin.PostAsync("/api/v1/batch-definitions",
            Yaml($"name: every-five\nmodel: {HostileHost.FormulaModel}\nversion: 1\nsource: {{dataset: {HostileHost.FormulaDataset}}}\nschedule: \"0 0/5 * * * ?\"\n"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await host.Admin.DeleteAsync("/api/v1/batch-definitions/every-five")).StatusCode);
    }

    [Fact]
    public async Task Data_scientist_may_not_set_a_batch_schedule()
    {
        var before = await host.TotalAsync("/api/v1/batch-definitions");

        var response = await host.Scientist.PostAsync("/api/v1/batch-definitions",
            Yaml($"name: mine\nmodel: {HostileHost.FormulaModel}\nsource: {{dataset: {HostileHost.FormulaDataset}}}\nschedule: \"0 0 3 * * ?\"\n"));

        await HostileHost.AssertProblemAsync(response, HttpStatusCode.Forbidden, "Only Admins manage schedules");
        Assert.Equal(before, await host.TotalAsync("/api/v1/batch-definitions"));
    }

    [Fact]
    public async Task Data_scientist_may_not_set_a_batch_schedule_through_the_service_the_batch_jobs_page_uses()
    {
        var scientist = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, "scientist@mlops.test"), new Claim(ClaimTypes.Role, Roles.DataScientist)], "Test"));
        await using var scope = host.Factory.Services.CreateAsyncScope();
        var definitions = scope.ServiceProvider.GetRequiredService<IBatchDefinitions>();

        var saved = await definitions.SaveYamlAsync(null,
            $"name: page-scheduled\nmodel: {HostileHost.FormulaModel}\nsource: {{dataset: {HostileHost.FormulaDataset}}}\nschedule: \"0 0 3 * * ?\"\n", scientist, default);

        Assert.Equal(OperationError.Forbidden, saved.Error);
        Assert.Contains("Only Admins manage schedules", string.Join(" ", saved.Problems.Values.SelectMany(p => p)));
        Assert.Null(await definitions.GetAsync("page-scheduled", default));
    }

    [Fact]
    public async Task Data_scientist_may_not_set_a_pipeline_schedule()
    {
        var before = await host.TotalAsync("/api/v1/pipelines");

        var created = await PipelineApi.CreateAsync(host.Scientist, Pipeline("mine", new { cron = "0 0 3 * * ?", enabled = true }));
        var set = await host.Scientist.PutAsJsonAsync($"/api/v1/pipelines/{HostileHost.FormulaModel}/schedule", new { cron = "0 0 3 * * ?", enabled = true });

        await HostileHost.AssertProblemAsync(created, HttpStatusCode.Forbidden, "Only Admins manage schedules");
        Assert.Equal(HttpStatusCode.Forbidden, set.StatusCode);
        Assert.Equal(before, await host.TotalAsync("/api/v1/pipelines"));
    }

    private static StringContent Yaml(string yaml) => new(yaml, Encoding.UTF8, "application/yaml");

    private static object Pipeline(string name, object schedule) => new
    {
        name, dataset = HostileHost.FormulaDataset, task = "MulticlassClassification", label = "species", trainers = new[] { "Lbfgs" }, schedule,
    };
}
