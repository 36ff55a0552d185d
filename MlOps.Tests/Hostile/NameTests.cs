using System.Net;
using System.Net.Http.Json;
using System.Text;
using MlOps.Tests.Pipeline;

namespace MlOps.Tests.Hostile;

/// <summary>Names are checked whole: a trailing newline or a control character is refused everywhere a name is taken.</summary>
[Collection(HostileCollection.Name)]
public sealed class NameTests(HostileHost host)
{
    public static TheoryData<string> Endings => new() { "\n", "\r\n", "\t", "\u0007", "\u001b" };

    [Theory]
    [MemberData(nameof(Endings))]
    public async Task Alias_with_a_control_character_is_refused_and_not_set(string ending)
    {
        var alias = Uri.EscapeDataString("production" + ending);

        var response = await host.Admin.PutAsJsonAsync($"/api/v1/models/{HostileHost.FormulaModel}/aliases/{alias}", new { version = 1 });

        await HostileHost.AssertProblemAsync(response, HttpStatusCode.BadRequest, "An alias is lowercase");
        var model = await host.Admin.GetStringAsync($"/api/v1/models/{HostileHost.FormulaModel}");
        Assert.DoesNotContain("production\\", model, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Predict_with_an_alias_ending_in_a_newline_is_refused()
    {
        var response = await host.Admin.PostAsJsonAsync($"/api/v1/models/{HostileHost.FormulaModel}/predict?alias=production%0A",
            new { records = new[] { new { sepal_length = 5.1 } } });

        await HostileHost.AssertProblemAsync(response, HttpStatusCode.BadRequest, "An alias is lowercase");
    }

    [Theory]
    [MemberData(nameof(Endings))]
    public async Task Dataset_name_with_a_control_character_is_refused_and_nothing_stored(string ending)
    {
        var before = host.StoredFiles();

        var response = await DatasetApi.UploadAsync(host.Scientist, "iris" + ending, "iris.csv", DatasetApi.TestFile("iris.csv"));

        await HostileHost.AssertProblemAsync(response, HttpStatusCode.BadRequest, "Dataset names use lowercase letters");
        Assert.Equal(before, host.StoredFiles());
    }

    [Theory]
    [MemberData(nameof(Endings))]
    public async Task Pipeline_and_registered_model_names_with_a_control_character_are_refused(string ending)
    {
        var before = await host.TotalAsync("/api/v1/pipelines");

        var named = await PipelineApi.CreateAsync(host.Scientist, Pipeline("p" + ending, "m"));
        var registering = await PipelineApi.CreateAsync(host.Scientist, Pipeline("p", "m" + ending));

        await HostileHost.AssertProblemAsync(named, HttpStatusCode.BadRequest, "lowercase letters");
        await HostileHost.AssertProblemAsync(registering, HttpStatusCode.BadRequest, "lowercase letters");
        Assert.Equal(before, await host.TotalAsync("/api/v1/pipelines"));
    }

    [Theory]
    [InlineData("name: \"nightly\\n\"\nmodel: formula-labels\nsource: {dataset: formula-iris}\n", "lowercase letters")]
    [InlineData("name: nightly\nmodel: \"formula-labels\\n\"\nsource: {dataset: formula-iris}\n", "A model name")]
    [InlineData("name: nightly\nmodel: formula-labels\nalias: \"production\\n\"\nsource: {dataset: formula-iris}\n", "An alias is lowercase")]
    [InlineData("name: nightly\nmodel: formula-labels\nsource: {dataset: \"formula-iris\\n\"}\n", "lowercase letters")]
    [InlineData("name: nightly\nmodel: formula-labels\nsource: {dataset: formula-iris}\ntarget: {format: csv, name: \"out.csv\\n\"}\n", "ending in .csv")]
    public async Task Batch_definition_names_with_a_newline_are_refused(string yaml, string detail)
    {
        var before = await host.TotalAsync("/api/v1/batch-definitions");

        var response = await host.Admin.PostAsync("/api/v1/batch-definitions", new StringContent(yaml, Encoding.UTF8, "application/yaml"));

        await HostileHost.AssertProblemAsync(response, HttpStatusCode.BadRequest, detail);
        Assert.Equal(before, await host.TotalAsync("/api/v1/batch-definitions"));
    }

    [Theory]
    [MemberData(nameof(Endings))]
    public async Task Api_key_name_with_a_control_character_is_refused_and_no_key_is_created(string ending)
    {
        var name = $"ci-{Guid.NewGuid():N}"[..12];

        var response = await host.Admin.PostAsJsonAsync("/api/v1/admin/api-keys", new { name = name + ending, role = "Analyst" });

        await HostileHost.AssertProblemAsync(response, HttpStatusCode.BadRequest, "An API key name");
        Assert.DoesNotContain(name, await host.Admin.GetStringAsync("/api/v1/admin/api-keys"));
    }

    [Theory]
    [MemberData(nameof(Endings))]
    public async Task Experiment_and_run_names_with_a_control_character_are_refused(string ending)
    {
        var experiment = await host.Scientist.PostAsJsonAsync("/api/v1/experiments", new { name = "hostile" + ending + "x" });
        await HostileHost.AssertProblemAsync(experiment, HttpStatusCode.BadRequest, "control character");

        var created = await host.Scientist.PostAsJsonAsync("/api/v1/experiments", new { name = $"names-{Guid.NewGuid():N}" });
        var id = (await created.Content.ReadFromJsonAsync<IdOnly>())!.Id;
        var run = await host.Scientist.PostAsJsonAsync($"/api/v1/experiments/{id}/runs", new { name = "run" + ending + "x" });
        await HostileHost.AssertProblemAsync(run, HttpStatusCode.BadRequest, "control character");
        Assert.Equal("[]", await ItemsOfRunsAsync(id));
    }

    [Theory]
    [InlineData("out.csv\n")]
    [InlineData("out\t.csv")]
    public async Task Batch_job_target_with_a_control_character_is_refused(string target)
    {
        var before = await host.TotalAsync("/api/v1/batch-jobs");
        var form = new MultipartFormDataContent
        {
            { new StringContent(HostileHost.FormulaModel), "model" },
            { new StringContent(target), "target" },
            { new ByteArrayContent(DatasetApi.TestFile("iris.csv")), "file", "rows.csv" },
        };

        var response = await host.Scientist.PostAsync("/api/v1/batch-jobs", form);

        await HostileHost.AssertProblemAsync(response, HttpStatusCode.BadRequest, "ending in .csv");
        Assert.Equal(before, await host.TotalAsync("/api/v1/batch-jobs"));
    }

    private async Task<string> ItemsOfRunsAsync(string experimentId)
    {
        var response = await host.Scientist.PostAsJsonAsync("/api/v1/runs/search", new { experimentIds = new[] { experimentId } });
        var text = await response.Content.ReadAsStringAsync();
        var start = text.IndexOf("\"items\":", StringComparison.Ordinal) + "\"items\":".Length;
        return text[start..(text.IndexOf(']', start) + 1)];
    }

    private static object Pipeline(string name, string model) => new
    {
        name, dataset = HostileHost.FormulaDataset, task = "MulticlassClassification", label = "species", trainers = new[] { "Lbfgs" }, registerModel = model,
    };

    private sealed record IdOnly(string Id);
}
