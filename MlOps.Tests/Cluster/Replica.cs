using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using MlOps.Tests.Support;

namespace MlOps.Tests.Cluster;

/// <summary>
/// One MlOps.Web process (<c>dotnet MlOps.Web.dll</c>, as the test build left it) on a loopback port of its own, with a
/// data directory of its own. It can be killed (SIGKILL, nothing runs on the way out) and started again on the same
/// port and data.
/// </summary>
public sealed class Replica : IAsyncDisposable
{
    private const int LogLines = 200;
    private static readonly TimeSpan StartBound = TimeSpan.FromMinutes(2);

    private readonly IReadOnlyDictionary<string, string?> _settings;
    private readonly ConcurrentQueue<string> _log = new();
    private Process? _process;

    internal Replica(string name, IReadOnlyDictionary<string, string?> settings)
    {
        Name = name;
        _settings = settings;
        BaseAddress = new Uri($"http://127.0.0.1:{S3Rver.FreePort()}");
        DataDirectory = Path.Combine(Path.GetTempPath(), "mlops-cluster", Guid.NewGuid().ToString("N"));
    }

    public string Name { get; }

    /// <summary>The replica's <c>MlOps:Instance</c>: what the runs and jobs it claims name.</summary>
    public string Instance => InstanceOf(Name);

    public static string InstanceOf(string name) => $"replica-{name.ToLowerInvariant()}";

    public Uri BaseAddress { get; }

    public string DataDirectory { get; }

    public bool Running => _process is { HasExited: false };

    /// <summary>The process's last lines of output, for a failure message.</summary>
    public string RecentLog => string.Join(Environment.NewLine, _log);

    /// <summary>Starts the process and waits until <c>/health/ready</c> answers 200.</summary>
    public async Task StartAsync()
    {
        if (Running) throw new InvalidOperationException($"Replica {Name} is already running.");
        Directory.CreateDirectory(DataDirectory);
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "MlOps.Web.dll")])
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_URLS"] = BaseAddress.ToString();
        start.Environment["MlOps__DataDirectory"] = DataDirectory;
        foreach (var (key, value) in _settings) start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;

        _process = Process.Start(start) ?? throw new InvalidOperationException($"Replica {Name} did not start.");
        _process.OutputDataReceived += (_, line) => Keep(line.Data);
        _process.ErrorDataReceived += (_, line) => Keep(line.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        using var probe = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        try
        {
            await Poll.UntilAsync(async () => _process.HasExited || await IsReadyAsync(probe), done => done, StartBound,
                _ => $"Replica {Name} was not ready within {StartBound}:{Environment.NewLine}{RecentLog}", intervalMilliseconds: 200);
            if (_process.HasExited) throw new InvalidOperationException($"Replica {Name} exited with {_process.ExitCode}:{Environment.NewLine}{RecentLog}");
        }
        catch
        {
            // A fixture whose start fails is never disposed: leave no process behind.
            await KillAsync();
            throw;
        }
    }

    /// <summary>Ends the process at once, as a crash or <c>kill -9</c> would: no graceful shutdown, nothing flushed.</summary>
    public async Task KillAsync()
    {
        if (_process is null) return;
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
        _process = null;
    }

    /// <summary>Kills the process if it runs and starts it again on the same port, data directory and settings.</summary>
    public async Task RestartAsync()
    {
        await KillAsync();
        await StartAsync();
    }

    /// <summary>A client that sends <paramref name="apiKey"/> as <c>X-Api-Key</c>.</summary>
    public HttpClient CreateClient(string apiKey)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return client;
    }

    /// <summary>A client signed in through the login form, with the antiforgery header its cookie writes need.</summary>
    public async Task<HttpClient> SignInAsync(string email, string password)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true }) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        var signIn = await LoginForm.PostAsync(client, email, password);
        if (signIn.Headers.Location?.OriginalString != "/") throw new InvalidOperationException($"{email} could not sign in on replica {Name}: {signIn.StatusCode} {signIn.Headers.Location}");
        var token = await client.GetFromJsonAsync<AntiforgeryToken>("/api/v1/account/antiforgery");
        client.DefaultRequestHeaders.Add(token!.HeaderName, token.Token);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        if (Directory.Exists(DataDirectory)) Directory.Delete(DataDirectory, recursive: true);
    }

    private static async Task<bool> IsReadyAsync(HttpClient probe)
    {
        try
        {
            using var response = await probe.GetAsync("/health/ready");
            return response.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        _log.Enqueue($"[{Name}] {line}");
        while (_log.Count > LogLines) _log.TryDequeue(out _);
    }

    private sealed record AntiforgeryToken(string Token, string HeaderName);
}
