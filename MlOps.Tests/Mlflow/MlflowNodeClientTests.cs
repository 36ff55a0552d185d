using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using MlOps.Modules.Platform.Contracts;
using MlOps.Tests.Support;

namespace MlOps.Tests.Mlflow;

/// <summary>
/// A third-party MLflow REST client that installs here (the npm package <c>mlflow</c> 2.0.7; PyPI is unreachable) runs a
/// session against MlOps served by Kestrel. .ci/run installs it with <c>npm ci</c> in Mlflow/NodeClient.
/// </summary>
public sealed class MlflowNodeClientTests : IAsyncLifetime
{
    private readonly MlOpsFactory _app = new();
    private string _baseUrl = "";

    public Task InitializeAsync()
    {
        _app.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        _app.StartServer();
        _baseUrl = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        return Task.CompletedTask;
    }

    [Fact]
    public async Task The_npm_mlflow_client_logs_a_run_searches_it_and_reads_mlflow_errors()
    {
        var folder = Path.Combine(ProjectDirectory(), "Mlflow", "NodeClient");
        Assert.True(Directory.Exists(Path.Combine(folder, "node_modules", "mlflow")), $"Install the client first: npm ci --prefix {folder}");
        using var scientist = await MlflowWire.WithRoleAsync(_app, Roles.DataScientist);
        var token = scientist.Http.DefaultRequestHeaders.Authorization!.Parameter!;

        var (exitCode, output) = await RunNodeAsync(folder, token);

        Assert.True(exitCode == 0, output);
        var result = JsonDocument.Parse(output.Split('\n').Last(l => l.StartsWith("RESULT ", StringComparison.Ordinal))["RESULT ".Length..]).RootElement;
        var runId = result.Text("run_id");
        Assert.Equal("FINISHED", result.Text("status"));
        Assert.Equal([0.8, 0.85, 0.9], result.GetProperty("history").EnumerateArray().Select(v => Math.Round(v.GetDouble(), 6)));
        Assert.Equal($"mlflow-artifacts:/{result.Text("experiment_id")}/{runId}/artifacts", result.Text("root_uri"));
        Assert.Equal([runId], result.GetProperty("found").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal("RESOURCE_DOES_NOT_EXIST", result.GetProperty("refused").Text("error_code"));
        var run = (await scientist.GetAsync("runs/get", ("run_id", runId))).Ok().GetProperty("run").GetProperty("data");
        Assert.Equal(new Dictionary<string, string> { ["trainer"] = "sdca", ["seed"] = "7" }, run.GetProperty("params").Pairs());
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<(int ExitCode, string Output)> RunNodeAsync(string folder, string token)
    {
        var start = new ProcessStartInfo("node", "session.js") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["MLOPS_URL"] = _baseUrl;
        start.Environment["MLOPS_TOKEN"] = token;
        using var node = Process.Start(start)!;
        var stdout = node.StandardOutput.ReadToEndAsync();
        var stderr = node.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await node.WaitForExitAsync(timeout.Token);
        return (node.ExitCode, await stdout + await stderr);
    }

    private static string ProjectDirectory()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "MlOps.Tests.csproj"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("MlOps.Tests.csproj is not above the test binaries.");
    }
}
