using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using MlOps.Modules.Platform.Contracts;
using MlOps.Tests.Pipeline;
using MlOps.Tests.Support;

namespace MlOps.Tests.Hostile;

/// <summary>
/// One host for the hostile-input suite, with a small pixel limit (so image caps are reached in kilobytes) and one
/// model trained through the API on iris whose class labels are spreadsheet formulas.
/// </summary>
public sealed class HostileHost : IAsyncLifetime
{
    public const string FormulaModel = "formula-labels";
    public const string FormulaDataset = "formula-iris";
    public const int MaxImagePixels = 256 * 256;

    public static readonly string[] FormulaLabels = ["=HYPERLINK(\"http://x\")", "@SUM(A1)", "+cmd"];

    public HostileFactory Factory { get; } = new();

    public HttpClient Admin { get; private set; } = null!;

    public HttpClient Scientist { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Admin = Factory.CreateAdminClient();
        Scientist = await Factory.CreateClientWithRoleAsync(Roles.DataScientist);
        var iris = Encoding.UTF8.GetString(DatasetApi.TestFile("iris.csv"))
            .Replace("setosa", FormulaLabels[0].Replace("\"", "\"\""), StringComparison.Ordinal)
            .Replace("versicolor", FormulaLabels[1], StringComparison.Ordinal)
            .Replace("virginica", FormulaLabels[2], StringComparison.Ordinal);
        iris = string.Join('\n', iris.Split('\n').Select((line, i) => i == 0 || line.Length == 0 ? line : QuoteLabel(line)));
        var uploaded = await DatasetApi.UploadAsync(Admin, FormulaDataset, "iris.csv", Encoding.UTF8.GetBytes(iris));
        Assert.True(uploaded.IsSuccessStatusCode, await uploaded.Content.ReadAsStringAsync());
        var run = await PipelineApi.RunToEndAsync(Admin, new
        {
            name = FormulaModel, dataset = FormulaDataset, task = "MulticlassClassification", label = "species",
            trainers = new[] { "Lbfgs" }, search = new { strategy = "Random", maxTrials = 1 }, registerModel = FormulaModel,
        }, FormulaModel);
        Assert.True(run.Status == MlOps.Modules.Pipeline.Contracts.PipelineRunStatus.Succeeded, run.Error);
    }

    public async Task DisposeAsync() => await Factory.DisposeAsync();

    /// <summary>The folder of upload buffers, made at start: only what lies in it counts.</summary>
    private static readonly string UploadBuffers = Path.Combine("work", "uploads");

    /// <summary>The files under the data directory, the database and its journal aside, relative to it.</summary>
    public IReadOnlyList<string> StoredFiles() =>
        [.. Directory.EnumerateFileSystemEntries(Factory.DataDirectory, "*", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(Factory.DataDirectory, path))
            .Where(path => !path.StartsWith("mlops.db", StringComparison.Ordinal) && !path.StartsWith("keys", StringComparison.Ordinal) && path != UploadBuffers)
            .Order(StringComparer.Ordinal)];

    /// <summary>The listed total of a paged route, to show that a refused request added nothing.</summary>
    public async Task<int> TotalAsync(string route) =>
        (await Admin.GetFromJsonAsync<PagedTotal>(route, DatasetApi.Json))!.Total;

    public static async Task<ProblemDetails> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string detailPart)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        var problem = await DatasetApi.ReadProblemAsync(response);
        Assert.False(string.IsNullOrWhiteSpace(problem.Detail), $"The {(int)status} answer carries no detail: {body}");
        Assert.Contains(detailPart, body, StringComparison.OrdinalIgnoreCase);
        return problem;
    }

    /// <summary>Runs <paramref name="work"/> while sampling this process's resident memory; returns the peak growth in bytes.</summary>
    public static async Task<long> PeakMemoryGrowthAsync(Func<Task> work)
    {
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        var before = process.WorkingSet64;
        var peak = before;
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                process.Refresh();
                peak = Math.Max(peak, process.WorkingSet64);
                await Task.Delay(20);
            }
        });
        try
        {
            await work();
        }
        finally
        {
            await stop.CancelAsync();
            await sampler;
        }

        return peak - before;
    }

    private static string QuoteLabel(string line)
    {
        var cut = line.LastIndexOf(',') + 1;
        var label = line[cut..].TrimEnd('\r');
        return label.StartsWith('"') ? line : $"{line[..cut]}\"{label}\"";
    }

    private sealed record PagedTotal(int Total);
}

public sealed class HostileFactory : MlOpsFactory
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Pipeline:Datasets:MaxImagePixels"] = HostileHost.MaxImagePixels.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}

/// <summary>Alone, not beside other test classes: the memory bounds measure this process, so nothing else may run meanwhile.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HostileCollection : ICollectionFixture<HostileHost>
{
    public const string Name = "Hostile input";
}
