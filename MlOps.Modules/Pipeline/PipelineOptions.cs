namespace MlOps.Modules.Pipeline;

internal sealed class PipelineOptions
{
    public const string SectionName = "Pipeline";

    /// <summary>Trainings that run at once; each uses the machine's cores, so one is the sensible default.</summary>
    public int MaxConcurrentRuns { get; set; } = 1;

    /// <summary>Runs that may wait in the queue; past this, starting a run answers 409.</summary>
    public int QueueCapacity { get; set; } = 100;
}
