namespace MlOps.Modules.Serving.Models;

/// <summary>
/// Runs a prediction on the calling thread. ML.NET's one-versus-all models (LightGBM and FastTree multiclass)
/// score their classes with <c>Parallel.For</c>, which for one record costs far more in thread hand-offs than the
/// trees themselves; <c>Parallel.For</c> follows <see cref="TaskScheduler.Current"/>, so under this scheduler,
/// which allows one task at a time and runs it at once, the loop stays on the request's thread.
/// </summary>
internal sealed class SerialScoring : TaskScheduler
{
    private static readonly SerialScoring Scheduler = new();

    private SerialScoring()
    {
    }

    public override int MaximumConcurrencyLevel => 1;

    public static TResult Run<TState, TResult>(TState state, Func<TState, TResult> score) =>
        Task.Factory.StartNew(() => score(state), CancellationToken.None, TaskCreationOptions.None, Scheduler).GetAwaiter().GetResult();

    protected override void QueueTask(Task task) => TryExecuteTask(task);

    protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) => TryExecuteTask(task);

    protected override IEnumerable<Task> GetScheduledTasks() => [];
}
