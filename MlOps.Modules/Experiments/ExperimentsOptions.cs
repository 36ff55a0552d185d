namespace MlOps.Modules.Experiments;

internal sealed class ExperimentsOptions
{
    public const string SectionName = "Experiments";

    /// <summary>The largest artifact one upload may store.</summary>
    public long MaxArtifactBytes { get; set; } = 100L * 1024 * 1024;
}
