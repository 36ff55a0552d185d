using System.Net;
using System.Text;

namespace MlOps.Tests.Hostile;

/// <summary>Definitions and bodies built to exhaust memory or the stack are refused before anything is built from them.</summary>
[Collection(HostileCollection.Name)]
public sealed class ExhaustionTests(HostileHost host)
{
    private const long MemoryBound = 150L * 1024 * 1024;

    /// <summary>About 600 bytes whose aliases expand to 9^9 strings: a billion-fold.</summary>
    private static readonly string BillionLaughs = new StringBuilder("name: laughs\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n")
        .AppendJoin('\n', Enumerable.Range(1, 8).Select(i => $"{(char)('a' + i)}: &{(char)('a' + i)} [{string.Join(',', Enumerable.Repeat($"*{(char)('a' + i - 1)}", 9))}]"))
        .Append('\n').ToString();

    public static TheoryData<string, string> YamlBombs => new()
    {
        { "billion laughs", BillionLaughs },
        { "an alias as a value", "name: aliased\ndataset: &d iris\nlabel: *d\n" },
        { "a merge key", "base: &b {task: Regression}\nname: merged\n<<: *b\n" },
        { "deep nesting", "name: deep\nx: " + new string('[', 5000) + new string(']', 5000) + "\n" },
        { "too many nodes", "name: wide\nx: [" + string.Join(',', Enumerable.Repeat("1", 20_000)) + "]\n" },
    };

    [Theory]
    [MemberData(nameof(YamlBombs))]
    public async Task Hostile_yaml_pipeline_is_refused_before_it_is_built(string variant, string yaml)
    {
        var before = await host.TotalAsync("/api/v1/pipelines");
        HttpResponseMessage response = null!;

        var growth = await HostileHost.PeakMemoryGrowthAsync(async () =>
            response = await host.Admin.PostAsync("/api/v1/pipelines", new StringContent(yaml, Encoding.UTF8, "application/yaml")));

        await HostileHost.AssertProblemAsync(response, HttpStatusCode.BadRequest, "YAML");
        Assert.True(growth < MemoryBound, $"{variant}: memory grew by {growth / 1048576} MB.");
        Assert.Equal(before, await host.TotalAsync("/api/v1/pipelines"));
    }

    [Theory]
    [MemberData(nameof(YamlBombs))]
    public async Task Hostile_yaml_batch_definition_is_refused_before_it_is_built(string variant, string yaml)
    {
        var before = await host.TotalAsync("/api/v1/batch-definitions");
        HttpResponseMessage response = null!;

        var growth = await HostileHost.PeakMemoryGrowthAsync(async () =>
            response = await host.Admin.PostAsync("/api/v1/batch-definitions", new StringContent(yaml, Encoding.UTF8, "application/yaml")));

        await HostileHost.AssertProblemAsync(response, HttpStatusCode.BadRequest, "YAML");
        Assert.True(growth < MemoryBound, $"{variant}: memory grew by {growth / 1048576} MB.");
        Assert.Equal(before, await host.TotalAsync("/api/v1/batch-definitions"));
    }

    [Fact]
    public async Task Yaml_anchor_refusal_names_the_line()
    {
        var response = await host.Admin.PostAsync("/api/v1/pipelines", new StringContent("name: a\ndataset: &d iris\n", Encoding.UTF8, "application/yaml"));

        await HostileHost.AssertProblemAsync(response, HttpStatusCode.BadRequest, "anchor or alias ('&' or '*') at line 2");
    }

    [Fact]
    public async Task Deeply_nested_json_definition_is_refused()
    {
        var json = "{\"name\":\"deep\",\"x\":" + new string('[', 1000) + new string(']', 1000) + "}";
        var before = await host.TotalAsync("/api/v1/pipelines");

        var response = await host.Admin.PostAsync("/api/v1/pipelines", new StringContent(json, Encoding.UTF8, "application/json"));

        await HostileHost.AssertProblemAsync(response, HttpStatusCode.BadRequest, "depth");
        Assert.Equal(before, await host.TotalAsync("/api/v1/pipelines"));
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/yaml")]
    public async Task Definition_over_the_size_bound_is_413_saying_the_limit(string mediaType)
    {
        var padding = new string(' ', 300 * 1024);
        var body = mediaType == "application/json" ? "{\"name\":\"big\"" + padding + "}" : "name: big" + padding + "\n";

        var response = await host.Admin.PostAsync("/api/v1/batch-definitions", new StringContent(body, Encoding.UTF8, mediaType));

        await HostileHost.AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "256 KiB");
    }

    [Fact]
    public async Task Deeply_nested_predict_body_is_refused()
    {
        var json = "{\"records\":[{\"sepal_length\":" + new string('[', 500) + new string(']', 500) + "}]}";

        var response = await host.Admin.PostAsync($"/api/v1/models/{HostileHost.FormulaModel}/predict?version=1",
            new StringContent(json, Encoding.UTF8, "application/json"));

        await HostileHost.AssertProblemAsync(response, HttpStatusCode.BadRequest, "JSON");
    }
}
