using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using MlOps.Tests.Support;

namespace MlOps.Tests.Cluster;

/// <summary>
/// A few clients predicting in a loop against one replica, recording every failed request and the version each
/// answer came from, so a test can see when a new version is first served and that nothing failed meanwhile.
/// </summary>
public sealed class PredictLoad : IAsyncDisposable
{
    private readonly ConcurrentQueue<string> _failures = new();
    private readonly ConcurrentQueue<(long Sent, long At, int Version)> _answers = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _clients;

    /// <param name="path">The predict route, e.g. <c>/api/v1/models/iris/predict?alias=staging</c>.</param>
    public PredictLoad(HttpClient client, string path, int clients = 4)
    {
        _clients = Enumerable.Range(0, clients).Select(_ => Task.Run(() => PredictAsync(client, path))).ToList();
    }

    public IReadOnlyCollection<string> Failures => _failures;

    public int Answered => _answers.Count;

    /// <summary>How long after <paramref name="since"/> (a <see cref="Stopwatch"/> timestamp) the version was first served; null while it is not.</summary>
    public TimeSpan? FirstServed(int version, long since) =>
        _answers.Where(a => a.Version == version && a.At >= since).Select(a => (long?)a.At).Min() is { } at ? Stopwatch.GetElapsedTime(since, at) : null;

    /// <summary>
    /// Waits, generously, until the version is served and says how long after <paramref name="since"/> it first was, so a
    /// slow machine reports how late it came rather than a bare timeout.
    /// </summary>
    public async Task<TimeSpan> WaitServedAsync(int version, long since, Func<string>? context = null) =>
        (await Poll.UntilAsync(() => Task.FromResult(FirstServed(version, since)), served => served is not null, TimeSpan.FromSeconds(30),
            _ => $"version {version} was never served; failures: {string.Join(" | ", _failures.Take(3))}{Environment.NewLine}{context?.Invoke()}", intervalMilliseconds: 20))!.Value;

    /// <summary>
    /// Waits for a few answers to requests sent after <paramref name="version"/> was first served and gives their versions:
    /// answers arrive out of order from several clients, so only a request sent after that moment must not get an older one.
    /// </summary>
    public async Task<IReadOnlyList<int>> VersionsAfterServedAsync(int version, long since, int answers = 8)
    {
        var first = _answers.Where(a => a.Version == version && a.At >= since).Min(a => a.At);
        return await Poll.UntilAsync(() => Task.FromResult(_answers.Where(a => a.Sent > first).Select(a => a.Version).ToList()), found => found.Count >= answers,
            TimeSpan.FromSeconds(30), found => $"only {found.Count} answers to requests sent after version {version} was served", intervalMilliseconds: 20);
    }

    private async Task PredictAsync(HttpClient client, string path)
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var sent = Stopwatch.GetTimestamp();
                using var response = await client.PostAsJsonAsync(path, new { records = new[] { IrisModel.Record } }, _stop.Token);
                var body = await response.Content.ReadAsStringAsync(_stop.Token);
                if (response.IsSuccessStatusCode) _answers.Enqueue((sent, Stopwatch.GetTimestamp(), JsonDocument.Parse(body).RootElement.GetProperty("version").GetInt32()));
                else _failures.Enqueue($"{(int)response.StatusCode}: {body}");
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (HttpRequestException e)
            {
                _failures.Enqueue(e.Message);
            }
        }
    }

    /// <summary>Stops the clients and waits for their last requests.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_clients);
    }

    public async ValueTask DisposeAsync() => await StopAsync();
}
