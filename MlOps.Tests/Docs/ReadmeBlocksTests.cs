using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using MlOps.Modules.Platform.Contracts;
using MlOps.Tests.Support;

namespace MlOps.Tests.Docs;

/// <summary>
/// Runs every <c>bash</c> block of the README with bash against the started app, from the repository root as a
/// reader would, with the Analyst key the walkthrough creates in <c>MLOPS_KEY</c>. Quick start's block is
/// the one thing left out: it starts the app and runs this suite, which the test host does itself.
/// </summary>
[Collection(FirstHourCollection.Name)]
public sealed partial class ReadmeBlocksTests(TrainedSamplesApp samples)
{
    private const string ReadmeHost = "http://localhost:5000";

    [Fact]
    public async Task Every_bash_block_of_the_readme_succeeds_against_the_started_app()
    {
        var blocks = ReadmeBlock.Read(Path.Combine(RepositoryRoot(), "README.md"));
        var runnable = blocks.Where(b => b.Section != "Quick start").ToList();
        Assert.Equal(["dotnet run --project MlOps.Web", "dotnet test"], blocks.Where(b => b.Section == "Quick start").SelectMany(b => b.Commands));
        Assert.True(runnable.Count >= 2, "The README's first-hour blocks were not found.");
        var key = await CreateAnalystKeyAsync();

        foreach (var block in runnable)
        {
            var (exitCode, output) = await RunBashAsync(block.Text.Replace(ReadmeHost, samples.BaseUrl, StringComparison.Ordinal), key);
            Assert.True(exitCode == 0, $"The README block under '{block.Section}' failed ({exitCode}):\n{block.Text}\n--- output ---\n{output}");
        }
    }

    [Fact]
    public async Task The_first_hour_curl_answers_with_the_production_penguins_model()
    {
        var walkthrough = ReadmeBlock.Read(Path.Combine(RepositoryRoot(), "README.md")).First(b => b.Section == "Your first hour");

        var (exitCode, output) = await RunBashAsync(walkthrough.Text.Replace(ReadmeHost, samples.BaseUrl, StringComparison.Ordinal), await CreateAnalystKeyAsync());

        Assert.True(exitCode == 0, output);
        Assert.Contains("\"model\":\"penguins-species\"", output, StringComparison.Ordinal);
        Assert.Contains("\"alias\":\"production\"", output, StringComparison.Ordinal);
        Assert.Matches("\"label\":\"(Adelie|Gentoo|Chinstrap)\"", output);
    }

    [Fact]
    public async Task An_unknown_model_is_a_404_that_says_there_is_no_model_of_that_name()
    {
        using var client = MlOpsFactory.WithKey(new HttpClient { BaseAddress = new Uri(samples.BaseUrl) }, await CreateAnalystKeyAsync());

        var response = await client.PostAsJsonAsync("/api/v1/models/penguin-species/predict", new { records = new[] { new { Island = "Biscoe" } } });

        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("no model named 'penguin-species'", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private async Task<string> CreateAnalystKeyAsync()
    {
        using var admin = samples.App.CreateAdminClient();
        var response = await admin.PostAsJsonAsync("/api/v1/admin/api-keys", new { name = $"readme-{Guid.NewGuid():N}", role = Roles.Analyst });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<CreatedApiKey>())!.Key;
    }

    private static async Task<(int ExitCode, string Output)> RunBashAsync(string script, string key)
    {
        var start = new ProcessStartInfo("bash", ["-euo", "pipefail", "-c", script])
        {
            WorkingDirectory = RepositoryRoot(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["MLOPS_KEY"] = key },
        };
        using var bash = Process.Start(start)!;
        var stdout = bash.StandardOutput.ReadToEndAsync();
        var stderr = bash.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await bash.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            bash.Kill(entireProcessTree: true);
            throw;
        }

        return (bash.ExitCode, await stdout + await stderr);
    }

    public static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "MlOps.sln"))) folder = folder.Parent;
        return folder?.FullName ?? throw new InvalidOperationException($"No MlOps.sln above {AppContext.BaseDirectory}.");
    }

    private sealed partial record ReadmeBlock(string Section, string Text)
    {
        /// <summary>The block's commands, without comments and continuation lines.</summary>
        public IEnumerable<string> Commands => Text.Split('\n')
            .Select(line => CommentPattern().Replace(line, "").Trim())
            .Where(line => line.Length > 0);

        public static IReadOnlyList<ReadmeBlock> Read(string path)
        {
            var blocks = new List<ReadmeBlock>();
            var section = "";
            List<string>? block = null;
            foreach (var line in File.ReadLines(path))
            {
                if (block is null && line.StartsWith("## ", StringComparison.Ordinal)) section = line[3..].Trim();
                else if (block is null && line.Trim() == "```bash") block = [];
                else if (block is not null && line.Trim() == "```")
                {
                    blocks.Add(new ReadmeBlock(section, string.Join('\n', block)));
                    block = null;
                }
                else block?.Add(line);
            }

            return blocks;
        }

        [GeneratedRegex(@"#.*$")]
        private static partial Regex CommentPattern();
    }
}
