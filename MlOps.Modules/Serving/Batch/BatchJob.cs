using MlOps.Modules.Serving.Contracts;

namespace MlOps.Modules.Serving.Batch;

/// <summary>A job's live state; the runner writes it, status requests read it.</summary>
internal sealed class BatchJob(string id, ServingTarget target, string source, string outputName, string requestedBy, DateTime createdAt, Func<IServiceProvider, CancellationToken, Task<Stream?>> openSource)
{
    private readonly Lock _gate = new();
    private BatchJobStatus _status = BatchJobStatus.Queued;
    private string? _error;
    private DateTime? _startedAt;
    private DateTime? _finishedAt;
    private long _rows;
    private double _progress;

    public string Id { get; } = id;

    public ServingTarget Target { get; } = target;

    public int? ResolvedVersion { get; set; }

    public string OutputName { get; } = outputName;

    public CancellationTokenSource Cancellation { get; } = new();

    public Func<IServiceProvider, CancellationToken, Task<Stream?>> OpenSource { get; } = openSource;

    public string? OutputPath { get; set; }

    public BatchJobStatus Status
    {
        get
        {
            lock (_gate) return _status;
        }
    }

    public void Start(DateTime at)
    {
        lock (_gate) (_status, _startedAt) = (BatchJobStatus.Running, at);
    }

    public void Advance(long rows, double progress)
    {
        lock (_gate) (_rows, _progress) = (rows, progress);
    }

    public void Finish(BatchJobStatus status, DateTime at, string? error = null)
    {
        lock (_gate)
        {
            (_status, _finishedAt, _error) = (status, at, error);
            if (status == BatchJobStatus.Succeeded) _progress = 1;
        }
    }

    public BatchJobInfo Describe()
    {
        lock (_gate)
        {
            return new BatchJobInfo(Id, Target.Model, ResolvedVersion ?? Target.Version, Target.Version is null ? Target.Alias ?? "production" : null,
                source, OutputName, _status, _progress, _rows, _error, requestedBy, createdAt, _startedAt, _finishedAt);
        }
    }
}
