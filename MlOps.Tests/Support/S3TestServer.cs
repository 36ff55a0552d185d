using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace MlOps.Tests.Support;

/// <summary>
/// Where an S3-protocol server for the tests is: the one <c>MLOPS_TEST_S3</c> names, as <c>serviceUrl/bucket</c>
/// (e.g. <c>http://127.0.0.1:4569/mlops-test</c>, what .ci/run exports) or <c>serviceUrl|bucket[|accessKey|secretKey]</c>;
/// keys not given come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, else s3rver's <c>S3RVER</c>/<c>S3RVER</c>.
/// Without it, an s3rver the test class starts on loopback, when one is on PATH.
/// </summary>
public sealed record S3Endpoint(string ServiceUrl, string Bucket, string AccessKey, string SecretKey)
{
    public const string Variable = "MLOPS_TEST_S3";

    public static S3Endpoint? FromEnvironment()
    {
        var value = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(value)) return null;
        var parts = value.Split('|');
        var (serviceUrl, bucket) = parts.Length >= 2 ? (parts[0], parts[1]) : SplitBucket(value);
        return parts.Length switch
        {
            1 or 2 => new S3Endpoint(serviceUrl, bucket, Environment.GetEnvironmentVariable("AWS_ACCESS_KEY_ID") ?? S3Rver.DefaultKey,
                Environment.GetEnvironmentVariable("AWS_SECRET_ACCESS_KEY") ?? S3Rver.DefaultKey),
            4 => new S3Endpoint(serviceUrl, bucket, parts[2], parts[3]),
            _ => throw Malformed(value),
        };
    }

    private static (string ServiceUrl, string Bucket) SplitBucket(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var url) && url.AbsolutePath.Trim('/') is { Length: > 0 } bucket && !bucket.Contains('/')
            ? (url.GetLeftPart(UriPartial.Authority), bucket)
            : throw Malformed(value);

    private static InvalidOperationException Malformed(string value) =>
        new($"{Variable} must read serviceUrl/bucket, serviceUrl|bucket or serviceUrl|bucket|accessKey|secretKey, not '{value}'.");

    /// <summary>Host settings that store artifacts here, under a prefix of their own so hosts sharing the bucket never meet.</summary>
    public IDictionary<string, string?> Settings(string prefix) => new Dictionary<string, string?>
    {
        ["MlOps:Artifacts:Provider"] = "S3",
        ["MlOps:Artifacts:S3:ServiceUrl"] = ServiceUrl,
        ["MlOps:Artifacts:S3:Bucket"] = Bucket,
        ["MlOps:Artifacts:S3:ForcePathStyle"] = "true",
        ["MlOps:Artifacts:S3:AccessKey"] = AccessKey,
        ["MlOps:Artifacts:S3:SecretKey"] = SecretKey,
        ["MlOps:Artifacts:S3:Prefix"] = prefix,
        ["MlOps:Artifacts:S3:TimeoutSeconds"] = "10",
        ["MlOps:Artifacts:S3:PartSizeMegabytes"] = "5",
    };
}

/// <summary>An s3rver process on 127.0.0.1 over a temporary folder; a test may stop and start it again to lose and regain the store.</summary>
public sealed class S3Rver : IAsyncDisposable
{
    public const string DefaultKey = "S3RVER";
    public const string Bucket = "mlops-tests";

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "mlops-s3rver", Guid.NewGuid().ToString("N"));
    private readonly int _port = FreePort();
    private Process? _process;

    public static bool OnPath { get; } = (Environment.GetEnvironmentVariable("PATH") ?? "")
        .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Any(folder => File.Exists(Path.Combine(folder, "s3rver")));

    public S3Endpoint Endpoint => new($"http://127.0.0.1:{_port}", Bucket, DefaultKey, DefaultKey);

    public async Task StartAsync()
    {
        Directory.CreateDirectory(_directory);
        _process = Process.Start(new ProcessStartInfo("s3rver",
            ["--directory", _directory, "--address", "127.0.0.1", "--port", _port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--silent", "--configure-bucket", Bucket])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException("s3rver did not start.");
        await Poll.UntilAsync(async () => _process.HasExited || await AcceptsAsync(), up => up, TimeSpan.FromSeconds(30), _ => "s3rver never listened.");
        if (_process.HasExited) throw new InvalidOperationException($"s3rver exited: {await _process.StandardError.ReadToEndAsync()}");
    }

    public async Task StopAsync()
    {
        if (_process is null) return;
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
    }

    private async Task<bool> AcceptsAsync()
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, _port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>
/// The S3 server a test class uses: <c>MLOPS_TEST_S3</c>'s, else its own s3rver. <see cref="SkipReason"/> says why
/// S3 tests skip when there is neither.
/// </summary>
public sealed class S3Storage : IAsyncLifetime
{
    private S3Rver? _own;

    public static string? SkipReason { get; } = S3Endpoint.FromEnvironment() is null && !S3Rver.OnPath
        ? $"No S3-protocol server: set {S3Endpoint.Variable}=http://127.0.0.1:<port>|<bucket> or put s3rver on PATH (npm install -g s3rver@3.7.1)."
        : null;

    public S3Endpoint Endpoint { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (SkipReason is not null) return;
        if (S3Endpoint.FromEnvironment() is { } configured)
        {
            Endpoint = configured;
            return;
        }

        _own = new S3Rver();
        await _own.StartAsync();
        Endpoint = _own.Endpoint;
    }

    public async Task DisposeAsync()
    {
        if (_own is not null) await _own.DisposeAsync();
    }
}

/// <summary>A test that needs an S3-protocol server; skipped, saying why, when there is none.</summary>
public sealed class S3FactAttribute : FactAttribute
{
    public S3FactAttribute() => Skip = S3Storage.SkipReason;
}

/// <summary>A test that stops and restarts an s3rver of its own, so it needs s3rver on PATH.</summary>
public sealed class S3RverFactAttribute : FactAttribute
{
    public S3RverFactAttribute()
    {
        if (!S3Rver.OnPath) Skip = "s3rver is not on PATH (npm install -g s3rver@3.7.1); this test stops its own server mid-test.";
    }
}
